package dev.sandboxes.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import dev.sandboxes.SandboxEvent;
import dev.sandboxes.SandboxListener;
import dev.sandboxes.SandboxNotFoundException;
import dev.sandboxes.SandboxSummary;
import java.nio.file.Path;
import java.util.Optional;

/** Stops and removes sandboxes, never any other container. */
final class SandboxRemover {

    /** Seconds the engine waits after SIGTERM; the init (Init=true) makes the idle loop end at once. */
    private static final int STOP_TIMEOUT_SECONDS = 10;

    private final DockerClient client;
    private final DockerErrors errors;
    private final ContainerLookup lookup;

    SandboxRemover(DockerClient client, DockerErrors errors, ContainerLookup lookup) {
        this.client = client;
        this.errors = errors;
        this.lookup = lookup;
    }

    void stop(String id, SandboxListener listener) {
        SandboxSummary sandbox = sandbox(id).orElseThrow(() -> new SandboxNotFoundException(
                "Cannot stop sandbox " + id + ": it does not exist (any more)."));
        errors.run("stop sandbox " + sandbox.name(), () -> {
            try {
                client.stopContainerCmd(id).withTimeout(STOP_TIMEOUT_SECONDS).exec();
            } catch (NotModifiedException alreadyStopped) {
                // Stopping a stopped sandbox is no error.
            }
        });
        listener.onEvent(SandboxEvent.now(SandboxEvent.Type.STOPPED, id, sandbox.name(), sandbox.workspace()));
    }

    void remove(String id, SandboxListener listener) {
        Optional<SandboxSummary> sandbox = sandbox(id);
        if (sandbox.isEmpty()) {
            return;
        }
        errors.run("remove sandbox " + sandbox.get().name(), () -> {
            try {
                client.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
            } catch (NotFoundException alreadyGone) {
                // Removed by someone else meanwhile: the result is the same.
            }
        });
        Path workspace = sandbox.get().workspace();
        listener.onEvent(SandboxEvent.now(SandboxEvent.Type.REMOVED, id, sandbox.get().name(), workspace));
    }

    private Optional<SandboxSummary> sandbox(String id) {
        Optional<InspectContainerResponse> container = lookup.inspect(id);
        return container.map(ContainerMapper::summary);
    }
}
