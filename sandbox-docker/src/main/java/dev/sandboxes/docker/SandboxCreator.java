package dev.sandboxes.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import com.github.dockerjava.api.model.RestartPolicy;
import dev.sandboxes.TemplateNotFoundException;
import dev.sandboxes.spi.SandboxSpec;
import dev.sandboxes.spi.SpecLabels;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Creates a sandbox's container, not started. Everything the sandbox needs is given to the create
 * call itself (labels, env, mounts, init, restart policy), so nothing is written into the container
 * before it starts: a created container is complete, and whoever finds one whose creator died can
 * check its mount and start it.
 */
final class SandboxCreator {

    /** Where the engine's socket appears inside a sandbox that asked for it. */
    static final String SOCKET_IN_SANDBOX = "/var/run/docker.sock";

    /**
     * The container's main process: the engine's init (Init=true) runs this idle loop, so the agent
     * and every command run through exec, and the sandbox stops at once when asked.
     */
    static final List<String> IDLE_LOOP = List.of("sleep", "infinity");

    private final DockerClient client;
    private final DockerErrors errors;
    private final ImagePuller puller;
    private final WorkspaceMountCheck mountCheck;
    private final Optional<Path> localSocket;

    /**
     * @param localSocket the engine's socket as a path of the engine's machine, when the engine runs
     *                    on this one; otherwise the engine's usual {@value #SOCKET_IN_SANDBOX} is mounted
     */
    SandboxCreator(DockerClient client, DockerErrors errors, ImagePuller puller, WorkspaceMountCheck mountCheck,
                   Optional<Path> localSocket) {
        this.client = client;
        this.errors = errors;
        this.puller = puller;
        this.mountCheck = mountCheck;
        this.localSocket = localSocket;
    }

    /**
     * Creates the container, not started, pulling its template when the engine lacks it.
     *
     * @param pullTimeout how long a pull may take
     * @return its id, or empty when a container of that name exists already (another thread or
     *         process won the race to create it)
     */
    Optional<String> create(SandboxSpec spec, Duration pullTimeout) {
        String template = spec.requireTemplate();
        try {
            return tryCreate(spec, template);
        } catch (NotFoundException noImage) {
            puller.pull(template, pullTimeout);
        }
        try {
            return tryCreate(spec, template);
        } catch (NotFoundException stillNoImage) {
            throw new TemplateNotFoundException(template, "The template image '" + template
                    + "' is still missing after pulling it: " + DockerErrors.engineMessage(stillNoImage), stillNoImage);
        }
    }

    /** One create call; a missing image is left to the caller, which may pull it. */
    private Optional<String> tryCreate(SandboxSpec spec, String template) {
        try {
            return Optional.of(createContainer(spec, template));
        } catch (ConflictException nameTaken) {
            return Optional.empty();
        } catch (NotFoundException noImage) {
            throw noImage;
        } catch (RuntimeException e) {
            throw mountCheck.refusal(e, spec.workspace()).map(RuntimeException.class::cast)
                    .orElseGet(() -> errors.translate("create sandbox " + spec.name(), e));
        }
    }

    private String createContainer(SandboxSpec spec, String template) {
        String workspace = spec.workspace().toString();
        List<Mount> mounts = new ArrayList<>();
        mounts.add(bind(workspace, workspace, false));
        spec.mountsOrEmpty().forEach(m -> mounts.add(bind(m.hostPath().toString(), m.sandboxPath(), m.readOnly())));
        if (spec.dockerSocketOrDefault()) {
            mounts.add(bind(localSocket.map(Path::toString).orElse(SOCKET_IN_SANDBOX), SOCKET_IN_SANDBOX, false));
        }
        List<String> env = spec.envOrEmpty().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
        HostConfig hostConfig = HostConfig.newHostConfig()
                .withInit(true)
                // Kept alive across engine restarts while running; a sandbox the user stopped stays stopped.
                .withRestartPolicy(RestartPolicy.unlessStoppedRestart())
                .withMounts(mounts);
        return client.createContainerCmd(template)
                .withName(spec.name())
                .withLabels(SpecLabels.forCreation(spec))
                .withEnv(env)
                .withEntrypoint(IDLE_LOOP)
                .withCmd(List.of())
                .withWorkingDir(workspace)
                .withHostConfig(hostConfig)
                .exec()
                .getId();
    }

    /**
     * {@code Mounts} of type bind, never {@code Binds}: Binds silently create a missing source
     * folder, Mounts refuse it.
     */
    private static Mount bind(String source, String target, boolean readOnly) {
        return new Mount().withType(MountType.BIND).withSource(source).withTarget(target).withReadOnly(readOnly);
    }
}
