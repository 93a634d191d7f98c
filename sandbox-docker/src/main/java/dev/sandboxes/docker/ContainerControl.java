package dev.sandboxes.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import dev.sandboxes.errors.SandboxStateException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts, resumes, stops and removes containers, treating the engine's "already so" answers as
 * success: many threads and processes act on one sandbox at once, and the outcome is what counts.
 */
final class ContainerControl {

    /** Seconds the engine waits after SIGTERM; the init (Init=true) makes the idle loop end at once. */
    private static final int STOP_TIMEOUT_SECONDS = 10;

    /** How long the first sandbox of a template must stay up to prove the template can idle. */
    static final Duration TEMPLATE_PROOF_WINDOW = Duration.ofMillis(300);

    private static final Logger LOG = LoggerFactory.getLogger(ContainerControl.class);

    private final Set<String> provenTemplates = ConcurrentHashMap.newKeySet();

    private final DockerClient client;
    private final DockerErrors errors;
    private final WorkspaceMountCheck mountCheck;

    ContainerControl(DockerClient client, DockerErrors errors, WorkspaceMountCheck mountCheck) {
        this.client = client;
        this.errors = errors;
        this.mountCheck = mountCheck;
    }

    /**
     * Starts a container; one already running counts as success.
     *
     * @return false when the container no longer exists
     */
    boolean start(String containerId, Path workspace) {
        try {
            client.startContainerCmd(containerId).exec();
            return true;
        } catch (NotModifiedException alreadyRunning) {
            return true;
        } catch (NotFoundException gone) {
            return false;
        } catch (RuntimeException e) {
            throw mountCheck.refusal(e, workspace).map(RuntimeException.class::cast)
                    .orElseGet(() -> errors.translate("start sandbox " + containerId, e));
        }
    }

    /**
     * Checks that a container just started stays up: its main process needs {@code sleep} from the
     * image, and without it the container exits within milliseconds. The first sandbox of each
     * template is watched for {@link #TEMPLATE_PROOF_WINDOW} so that such an exit cannot slip past;
     * later ones, of a template that has proven itself, are checked once.
     *
     * @throws SandboxStateException when it is not running
     */
    void checkStaysUp(String containerId, String template) {
        if (!provenTemplates.contains(template)) {
            pauseFor(TEMPLATE_PROOF_WINDOW);
        }
        checkRunning(containerId, template);
        provenTemplates.add(template);
    }

    private void checkRunning(String containerId, String template) {
        InspectContainerResponse container = errors.call("inspect sandbox " + containerId,
                () -> client.inspectContainerCmd(containerId).exec());
        InspectContainerResponse.ContainerState state = container.getState();
        boolean running = Boolean.TRUE.equals(state.getRunning()) && !Boolean.TRUE.equals(state.getRestarting());
        if (!running || (container.getRestartCount() != null && container.getRestartCount() > 0)) {
            throw keepsExiting(template, state);
        }
    }

    private static void pauseFor(Duration window) {
        try {
            Thread.sleep(window.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxStateException("Interrupted while checking that a new sandbox stays up", e);
        }
    }

    /** The error for a sandbox whose main process exits as soon as it starts. */
    static SandboxStateException keepsExiting(String template, InspectContainerResponse.ContainerState state) {
        return new SandboxStateException("The sandbox's main process exited as soon as it started (exit code "
                + state.getExitCodeLong() + (state.getError() == null || state.getError().isEmpty() ? "" : ", " + state.getError())
                + "). The template " + template + " must provide `sleep` (and /bin/sh for commands);"
                + " images without a shell, such as distroless ones, cannot be sandbox templates.");
    }

    /**
     * Resumes a paused container; one already running counts as success.
     *
     * @return false when the container no longer exists
     */
    boolean unpause(String containerId) {
        try {
            client.unpauseContainerCmd(containerId).exec();
            return true;
        } catch (NotModifiedException | ConflictException notPaused) {
            return true;
        } catch (NotFoundException gone) {
            return false;
        } catch (RuntimeException e) {
            throw errors.translate("unpause sandbox " + containerId, e);
        }
    }

    /**
     * Stops a container; one already stopped counts as success.
     *
     * @return false when the container no longer exists
     */
    boolean stop(String containerId) {
        try {
            client.stopContainerCmd(containerId).withTimeout(STOP_TIMEOUT_SECONDS).exec();
            return true;
        } catch (NotModifiedException alreadyStopped) {
            return true;
        } catch (NotFoundException gone) {
            return false;
        } catch (RuntimeException e) {
            throw errors.translate("stop sandbox " + containerId, e);
        }
    }

    /** Removes a container, running or not; one gone or being removed by someone else counts as success. */
    void remove(String containerId) {
        try {
            client.removeContainerCmd(containerId).withForce(true).withRemoveVolumes(true).exec();
        } catch (NotFoundException alreadyGone) {
            // Removed by someone else meanwhile: the result is the same.
        } catch (ConflictException e) {
            if (!DockerErrors.engineMessage(e).contains("already in progress")) {
                throw errors.translate("remove sandbox " + containerId, e);
            }
        } catch (RuntimeException e) {
            throw errors.translate("remove sandbox " + containerId, e);
        }
    }

    /**
     * Removes a container only if it is not running: the engine itself refuses a running one, so a
     * container started by someone else a moment ago stays.
     *
     * @return whether it was removed (or was gone already)
     */
    boolean removeIfStopped(String containerId) {
        try {
            client.removeContainerCmd(containerId).withRemoveVolumes(true).exec();
            return true;
        } catch (NotFoundException alreadyGone) {
            return true;
        } catch (ConflictException running) {
            return false;
        } catch (RuntimeException e) {
            throw errors.translate("remove sandbox " + containerId, e);
        }
    }

    /** Removes a container this process failed to finish, so that a failed open changes nothing. */
    void discard(String containerId) {
        try {
            remove(containerId);
        } catch (RuntimeException e) {
            LOG.warn("Could not remove the unfinished sandbox container {}: {}", containerId, e.toString());
        }
    }
}
