package dev.sandboxes.docker;

import dev.sandboxes.NetworkPolicy;
import dev.sandboxes.SandboxEvent;
import dev.sandboxes.SandboxListener;
import dev.sandboxes.SandboxNotFoundException;
import dev.sandboxes.SandboxSummary;
import dev.sandboxes.spi.SpecLabels;
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
        Optional<SandboxSummary> sandbox = sandbox(id);
        if (sandbox.isPresent()) {
            control.remove(id);
            // Then its proxy and network, which the sandbox's container held on to.
            if (SpecLabels.networkMode(sandbox.get().labels()) == NetworkPolicy.Mode.ALLOW_LIST) {
                egress.remove(sandbox.get().name());
            }
            listener.onEvent(SandboxEvent.now(SandboxEvent.Type.REMOVED, id, sandbox.get().name(), sandbox.get().workspace()));
        }
    }

    private Optional<SandboxSummary> sandbox(String id) {
        return lookup.summary(id);
    }

    private static SandboxNotFoundException gone(String id, String action) {
        return new SandboxNotFoundException("Cannot " + action + " sandbox " + id + ": it does not exist (any more).");
    }
}
