package dev.sandboxes.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import com.github.dockerjava.api.model.PullResponseItem;
import com.github.dockerjava.api.model.RestartPolicy;
import dev.sandboxes.InvalidWorkspaceException;
import dev.sandboxes.SandboxException;
import dev.sandboxes.TemplateNotFoundException;
import dev.sandboxes.spi.SandboxSpec;
import dev.sandboxes.spi.SpecLabels;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of making a new sandbox container: create (pulling a named image when missing), check
 * the workspace is really visible, start. Everything the sandbox needs is given to the create call
 * itself (labels, env, mounts, init), so nothing has to be written into the container before it
 * starts, and a created container is complete: whoever finds one whose creator died can start it.
 */
final class SandboxCreator {

    /** Where the engine's socket appears inside a sandbox that asked for it. */
    static final String SOCKET_IN_SANDBOX = "/var/run/docker.sock";

    /**
     * The container's main process: the engine's init (Init=true) runs this idle loop, so the agent
     * and every command run through exec, and the sandbox stops at once when asked.
     */
    private static final List<String> IDLE_LOOP = List.of("sleep", "infinity");

    private static final Logger LOG = LoggerFactory.getLogger(SandboxCreator.class);

    private final DockerClient client;
    private final DockerErrors errors;
    private final DockerEndpoint endpoint;
    private final boolean engineSharesFileSystem;

    /**
     * @param engineSharesFileSystem whether the engine runs on this machine (see {@link EngineHost});
     *                               then the workspace mount is not read back
     */
    SandboxCreator(DockerClient client, DockerErrors errors, DockerEndpoint endpoint, boolean engineSharesFileSystem) {
        this.client = client;
        this.errors = errors;
        this.endpoint = endpoint;
        this.engineSharesFileSystem = engineSharesFileSystem;
    }

    /**
     * Creates the container, not started.
     *
     * @return its id, or empty when a container of that name exists already (another thread or
     *         process won the race to create it)
     */
    Optional<String> create(SandboxSpec spec, Duration pullTimeout) {
        String template = spec.requireTemplate();
        try {
            return Optional.of(createContainer(spec, template));
        } catch (ConflictException nameTaken) {
            return Optional.empty();
        } catch (NotFoundException noImage) {
            pull(template, pullTimeout, noImage);
            try {
                return Optional.of(createContainer(spec, template));
            } catch (ConflictException nameTaken) {
                return Optional.empty();
            } catch (RuntimeException e) {
                throw mountRefusal(e, spec.workspace()).orElseGet(() -> errors.translate("create sandbox " + spec.name(), e));
            }
        } catch (RuntimeException e) {
            throw mountRefusal(e, spec.workspace()).orElseGet(() -> errors.translate("create sandbox " + spec.name(), e));
        }
    }

    /**
     * Checks that the engine shows the host's workspace folder inside: a file written on the host
     * must be visible in the container. A remote engine, or a folder Docker Desktop does not share,
     * would mount an empty folder instead, and the agent would work on nothing. An engine on this
     * very machine sees this machine's folders (and refuses a bind source it cannot find), so it
     * is spared the read-back, which costs a re-exec of the engine on Debian's Docker 20.10.
     *
     * @throws InvalidWorkspaceException when the folder is not visible
     */
    void checkWorkspaceVisible(String containerId, Path workspace) {
        if (!engineSharesFileSystem) {
            readBack(containerId, workspace);
        }
    }

    /** Writes a file into the host folder and looks for it inside the container. */
    void readBack(String containerId, Path workspace) {
        Path probe = workspace.resolve(".sandboxes-mount-check-" + UUID.randomUUID());
        try {
            Files.writeString(probe, "mount check\n");
        } catch (IOException e) {
            LOG.debug("Cannot write to {}; skipping the mount check: {}", workspace, e.toString());
            return;
        }
        try {
            if (!existsInside(containerId, probe.toString(), "check the workspace mount of sandbox " + containerId)) {
                throw new InvalidWorkspaceException(workspace, "The Docker engine at " + endpoint.host()
                        + " does not see the folder " + workspace + " of this machine: the sandbox would get an empty"
                        + " folder. The engine is remote or runs in a VM that does not share this folder;"
                        + " share it (Docker Desktop: Settings > Resources > File sharing) or use a local engine.");
            }
        } finally {
            try {
                Files.deleteIfExists(probe);
            } catch (IOException e) {
                LOG.debug("Could not delete the mount check file {}", probe, e);
            }
        }
    }

    /** Starts the container; one already running counts as success. */
    void start(String containerId, Path workspace) {
        try {
            client.startContainerCmd(containerId).exec();
        } catch (NotModifiedException alreadyRunning) {
            // Someone else started it: that is what we wanted.
        } catch (RuntimeException e) {
            throw mountRefusal(e, workspace).orElseGet(() -> errors.translate("start sandbox " + containerId, e));
        }
    }

    /**
     * The engine's refusal of a bind source it cannot see: a folder missing on a remote engine's
     * machine, or one Docker Desktop does not share ("Mounts denied").
     */
    private Optional<SandboxException> mountRefusal(RuntimeException e, Path workspace) {
        if (!(e instanceof com.github.dockerjava.api.exception.DockerException docker)) {
            return Optional.empty();
        }
        String message = DockerErrors.engineMessage(docker);
        if (!message.contains("bind source path does not exist") && !message.contains("Mounts denied")) {
            return Optional.empty();
        }
        return Optional.of(new InvalidWorkspaceException(workspace, "The Docker engine at " + endpoint.host()
                + " cannot mount a folder of this machine (" + message + "). The engine is remote or runs in a VM"
                + " that does not share it; share it (Docker Desktop: Settings > Resources > File sharing) or use a"
                + " local engine."));
    }

    /** Resumes a paused sandbox; one already running counts as success. */
    void unpause(String containerId) {
        errors.run("unpause sandbox " + containerId, () -> {
            try {
                client.unpauseContainerCmd(containerId).exec();
            } catch (NotModifiedException | ConflictException notPaused) {
                // Someone else resumed it: that is what we wanted.
            }
        });
    }

    /** Removes a container this process failed to finish, so a failed open changes nothing. */
    void discard(String containerId) {
        try {
            client.removeContainerCmd(containerId).withForce(true).withRemoveVolumes(true).exec();
        } catch (RuntimeException e) {
            LOG.warn("Could not remove the unfinished sandbox container {}: {}", containerId, e.toString());
        }
    }

    private String createContainer(SandboxSpec spec, String template) {
        String workspace = spec.workspace().toString();
        List<Mount> mounts = new ArrayList<>();
        mounts.add(bind(workspace, workspace, false));
        spec.mountsOrEmpty().forEach(m -> mounts.add(bind(m.hostPath().toString(), m.sandboxPath(), m.readOnly())));
        if (spec.dockerSocketOrDefault()) {
            mounts.add(bind(engineSocketPath(), SOCKET_IN_SANDBOX, false));
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

    /** The socket as the engine sees it: the local one we talk to, or the engine's usual path. */
    private String engineSocketPath() {
        return endpoint.socketPath().map(Path::toString).orElse(SOCKET_IN_SANDBOX);
    }

    private void pull(String template, Duration timeout, NotFoundException noImage) {
        LOG.info("Template image {} is not on the engine; pulling it", template);
        try {
            PullCallback callback = client.pullImageCmd(template).exec(new PullCallback());
            boolean done = callback.awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS);
            callback.rethrowFailure();
            if (!done) {
                throw new TemplateNotFoundException(template, "Pulling the template image '" + template
                        + "' did not finish within " + timeout + ". Pull it yourself (docker pull " + template
                        + ") or raise openTimeout.", noImage);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TemplateNotFoundException(template, "Interrupted while pulling template image " + template, e);
        } catch (TemplateNotFoundException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new TemplateNotFoundException(template, "The template image '" + template + "' is not on the Docker engine at "
                    + endpoint.host() + ", and pulling it failed: " + pullFailure(e)
                    + ". Build or pull the image first, or pass an image that exists to template(...).", e);
        }
    }

    private static String pullFailure(RuntimeException e) {
        return e instanceof com.github.dockerjava.api.exception.DockerException docker
                ? DockerErrors.engineMessage(docker) : DockerErrors.rootMessage(e);
    }

    /**
     * Keeps a failed pull's error for us to report, instead of docker-java's default of logging it
     * at ERROR level, which would alarm users about a failure the library explains itself.
     */
    private static final class PullCallback extends ResultCallback.Adapter<PullResponseItem> {
        private volatile Throwable failure;

        @Override
        public void onError(Throwable throwable) {
            failure = throwable;
            try {
                close();
            } catch (IOException e) {
                LOG.debug("Closing the pull stream failed", e);
            }
        }

        void rethrowFailure() {
            if (failure instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (failure != null) {
                throw new IllegalStateException(failure);
            }
        }
    }

    /**
     * Whether a path exists in the container's file system, mounts included. The archive API answers
     * for created containers too, without running anything inside.
     */
    private boolean existsInside(String containerId, String path, String action) {
        return errors.call(action, () -> {
            try (InputStream tar = client.copyArchiveFromContainerCmd(containerId, path).exec()) {
                tar.transferTo(OutputStream.nullOutputStream());
                return true;
            } catch (NotFoundException e) {
                return false;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
