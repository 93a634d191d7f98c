package dev.sandboxes.docker;

import dev.sandboxes.core.SandboxEvent;
import dev.sandboxes.core.SandboxListener;
import dev.sandboxes.core.SandboxSummary;
import dev.sandboxes.errors.SandboxNotFoundException;
import java.util.Optional;

/** Stops and removes sandboxes, never any other container, and tells the listener. */
final class SandboxRemover {

    private final ContainerLookup lookup;
    private final ContainerControl control;
    private final EgressProxies egress;

    SandboxRemover(ContainerLookup lookup, ContainerControl control, EgressProxies egress) {
        this.lookup = lookup;
        this.control = control;
        this.egress = egress;
    }

    void stop(String id, SandboxListener listener) {
        SandboxSummary sandbox = sandbox(id).orElseThrow(() -> gone(id, "stop"));
        if (!control.stop(id)) {
            throw gone(id, "stop");
        }
        listener.onEvent(SandboxEvent.now(SandboxEvent.Type.STOPPED, id, sandbox.name(), sandbox.workspace()));
    }

    /** Removing a sandbox that is already gone is no error, and tells nobody. */
    void remove(String id, SandboxListener listener) {
        sandbox(id).ifPresent(sandbox -> {
            control.remove(id);
            removed(sandbox, listener);
        });
    }

    /** Removes a sandbox unless it runs, as the engine decides at that very moment. */
    boolean removeIfStopped(String id, SandboxListener listener) {
        Optional<SandboxSummary> sandbox = sandbox(id);
        if (sandbox.isEmpty()) {
            return true;
        }
        if (!control.removeIfStopped(id)) {
            return false;
        }
        removed(sandbox.get(), listener);
        return true;
    }

    /** Then its proxy and network, which the sandbox's container held on to. */
    private void removed(SandboxSummary sandbox, SandboxListener listener) {
        egress.remove(sandbox);
        listener.onEvent(SandboxEvent.now(SandboxEvent.Type.REMOVED, sandbox.id(), sandbox.name(), sandbox.workspace()));
    }

    private Optional<SandboxSummary> sandbox(String id) {
        return lookup.summary(id);
    }

    private static SandboxNotFoundException gone(String id, String action) {
        return new SandboxNotFoundException("Cannot " + action + " sandbox " + id + ": it does not exist (any more).");
    }
}
