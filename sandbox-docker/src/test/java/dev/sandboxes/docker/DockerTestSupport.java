package dev.sandboxes.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import dev.sandboxes.SandboxBuilder;
import dev.sandboxes.Sandboxes;
import dev.sandboxes.core.SandboxLabels;
import dev.sandboxes.spi.RuntimeConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the Docker tests share: the runtime (discovered as users get it; a missing engine fails the
 * tests, it never skips them), a raw docker-java client to check what the engine really did, fresh
 * workspaces, and clean-up of every sandbox a test made.
 */
final class DockerTestSupport implements AutoCloseable {

    /** Built by scripts/build-test-template.sh (.ci/run does it). */
    static final String TEMPLATE = "sandboxes/test-template:latest";
    /** The test template plus this machine's git and docker CLI; built by the same script. */
    static final String TOOLS_TEMPLATE = "sandboxes/test-tools:latest";

    private static DockerSandboxRuntime runtime;
    private static EngineConnection raw;

    private final List<Path> workspaces = new ArrayList<>();

    /** The runtime users get from discovery, shared by all tests of the JVM. */
    static synchronized DockerSandboxRuntime runtime() {
        if (runtime == null) {
            runtime = (DockerSandboxRuntime) Sandboxes.runtime();
        }
        return runtime;
    }

    /** docker-java itself, to look behind the library's back. */
    static synchronized DockerClient docker() {
        if (raw == null) {
            raw = EngineConnection.open(new DockerEndpointResolver(RuntimeConfig.fromHost()).resolve());
        }
        return raw.client();
    }

    /** The runtime's creation step on its own, to stage what a dying creator leaves behind. */
    static SandboxCreator creator() {
        DockerEndpoint endpoint = runtime().endpoint();
        DockerErrors errors = new DockerErrors(endpoint);
        return new SandboxCreator(docker(), errors, mountCheck(), Path.of(SandboxCreator.SOCKET_IN_SANDBOX),
                endpoint.socketPath(), new CredentialVolumes(docker(), errors), new EngineLimits(docker(), errors));
    }

    /** The workspace mount check, reading back even on this machine's engine. */
    static WorkspaceMountCheck mountCheck() {
        DockerEndpoint endpoint = runtime().endpoint();
        return new WorkspaceMountCheck(docker(), new DockerErrors(endpoint), endpoint, Optional.empty());
    }

    /** A runtime of its own, with a short takeover grace and the mount read-back always on. */
    static DockerSandboxRuntime runtime(Duration takeoverGrace, boolean alwaysReadBack) {
        return new DockerSandboxRuntime(EngineConnection.open(runtime().endpoint()), takeoverGrace, alwaysReadBack);
    }

    /**
     * A new empty workspace under the JVM's temporary folder, cleaned up with its sandbox. Open to
     * all, as a user's project folder would be to its owner: the sandbox's user is not the owner here.
     */
    Path newWorkspace(String name) throws IOException {
        Path workspace = Files.createTempDirectory("sbx-" + name + "-").toRealPath();
        Files.setPosixFilePermissions(workspace, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        workspaces.add(workspace);
        return workspace;
    }

    /** A folder inside one of this support's workspaces, used as a workspace itself: its sandbox is cleaned up too. */
    Path newWorkspaceInside(Path parent, String name) throws IOException {
        Path workspace = Files.createDirectories(parent.resolve(name));
        workspaces.add(0, workspace);
        return workspace;
    }

    /** A builder on the test template and the shared runtime. */
    SandboxBuilder builder(Path workspace) {
        return Sandboxes.forWorkspace(workspace).template(TEMPLATE).runtime(runtime());
    }

    /** Every container, sandbox or not, labelled with this workspace. */
    static List<Container> containersOf(Path workspace) {
        return docker().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(SandboxLabels.WORKSPACE, workspace.toString())).exec();
    }

    /** Removes every container of the workspaces this support made, duplicates and egress proxies included. */
    @Override
    public void close() {
        for (Path workspace : workspaces) {
            for (Container container : containersOf(workspace)) {
                docker().removeContainerCmd(container.getId()).withForce(true).exec();
                String name = container.getNames()[0].replaceFirst("^/", "");
                docker().listContainersCmd().withShowAll(true).withLabelFilter(Map.of(EgressProxies.OF_LABEL, name)).exec()
                        .forEach(proxy -> docker().removeContainerCmd(proxy.getId()).withForce(true).exec());
                docker().listNetworksCmd().withFilter("label", List.of(EgressProxies.OF_LABEL + "=" + name)).exec()
                        .forEach(network -> docker().removeNetworkCmd(network.getId()).exec());
            }
            deleteQuietly(workspace);
        }
    }

    private static void deleteQuietly(Path folder) {
        try (var paths = Files.walk(folder)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // A leftover temporary folder harms nothing.
        }
    }
}
