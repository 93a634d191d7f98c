package dev.sandboxes.docker;

import com.github.dockerjava.api.DockerClient;
import dev.sandboxes.SandboxBuilder;
import dev.sandboxes.SandboxListener;
import dev.sandboxes.Sandboxes;
import dev.sandboxes.spi.RuntimeConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the Docker tests share: the runtime (discovered as users get it; a missing engine fails the
 * tests, it never skips them), a raw docker-java client to check what the engine really did, fresh
 * workspaces, and clean-up of every sandbox a test made.
 */
final class DockerTestSupport implements AutoCloseable {

    /** Built by scripts/build-test-template.sh (.ci/run does it). */
    static final String TEMPLATE = "sandboxes/test-template:latest";

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

    /** The runtime's creation steps on their own, to stage what a dying creator leaves behind. */
    static SandboxCreator creator(boolean engineSharesFileSystem) {
        DockerEndpoint endpoint = runtime().endpoint();
        return new SandboxCreator(docker(), new DockerErrors(endpoint), endpoint, engineSharesFileSystem);
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

    /** A builder on the test template and the shared runtime. */
    SandboxBuilder builder(Path workspace) {
        return Sandboxes.forWorkspace(workspace).template(TEMPLATE).runtime(runtime());
    }

    /** Removes every sandbox of the workspaces this support made. */
    @Override
    public void close() {
        for (Path workspace : workspaces) {
            runtime().findByWorkspace(workspace).ifPresent(s -> runtime().remove(s.id(), SandboxListener.NONE));
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
