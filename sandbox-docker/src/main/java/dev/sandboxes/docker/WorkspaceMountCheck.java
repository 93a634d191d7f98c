package dev.sandboxes.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.sandboxes.errors.InvalidWorkspaceException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure the engine shows the host's workspace folder inside the sandbox. A remote engine, or a
 * folder Docker Desktop does not share, would mount an empty folder instead and the agent would
 * work on nothing; so a file written here must be visible inside. An engine proven to share this
 * machine's file system (see {@link EngineHost}) sees this machine's folders and refuses a bind
 * source it cannot find, so it is spared the read-back, which costs a re-exec of the engine on
 * Debian's Docker 20.10.
 */
final class WorkspaceMountCheck {

    private static final Logger LOG = LoggerFactory.getLogger(WorkspaceMountCheck.class);

    private final DockerClient client;
    private final DockerErrors errors;
    private final DockerEndpoint endpoint;
    private final Optional<EngineHost> sparingHost;
    /** Decided once: the identity proof does not change while the runtime lives. */
    private final boolean sameMachine;

    /**
     * @param sparingHost the engine's host, whose proofs of sharing this machine's file system spare
     *                    the read-back; empty to read back always
     */
    WorkspaceMountCheck(DockerClient client, DockerErrors errors, DockerEndpoint endpoint, Optional<EngineHost> sparingHost) {
        this.client = client;
        this.errors = errors;
        this.endpoint = endpoint;
        this.sparingHost = sparingHost;
        this.sameMachine = sparingHost.map(host -> host.sharesFileSystemWith(endpoint)).orElse(false);
    }

    /**
     * @throws InvalidWorkspaceException when the folder is not visible inside the container
     */
    void check(String containerId, Path workspace) {
        boolean spared = sameMachine || sparingHost.map(host -> host.seesDataOf(containerId)).orElse(false);
        if (!spared) {
            readBack(containerId, workspace);
        }
    }

    /** Writes a file into the host folder and looks for it inside the container, then deletes it. */
    void readBack(String containerId, Path workspace) {
        Path probe = workspace.resolve(".sandboxes-mount-check-" + UUID.randomUUID());
        try {
            Files.writeString(probe, "mount check\n");
        } catch (IOException e) {
            LOG.debug("Cannot write to {}; skipping the mount check: {}", workspace, e.toString());
            return;
        }
        try {
            if (!existsInside(containerId, probe.toString())) {
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

    /**
     * The engine's refusal of a bind source it cannot see, as a clear error: a folder missing on a
     * remote engine's machine, or one Docker Desktop does not share ("Mounts denied").
     */
    Optional<InvalidWorkspaceException> refusal(RuntimeException e, Path workspace) {
        if (!(e instanceof DockerException docker)) {
            return Optional.empty();
        }
        String message = DockerErrors.engineMessage(docker);
        if (!message.contains("bind source path does not exist") && !message.contains("Mounts denied")) {
            return Optional.empty();
        }
        return Optional.of(new InvalidWorkspaceException(workspace, "The Docker engine at " + endpoint.host()
                + " cannot mount a folder of this machine: " + message + ". If the engine is remote or runs in a VM,"
                + " share the folder with it (Docker Desktop: Settings > Resources > File sharing) or use a local engine."));
    }

    /** The archive API answers for created containers too, mounts included, without running anything inside. */
    private boolean existsInside(String containerId, String path) {
        return errors.call("check the workspace mount of sandbox " + containerId, () -> {
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
