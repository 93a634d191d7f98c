package dev.sandboxes.spi;

import java.util.List;

/**
 * A runtime that enforces network policies through an egress proxy it can change while the sandbox
 * runs: its rules, the credentials it injects, and the log of what the sandbox contacted.
 *
 * <pre>{@code
 * ((ControlsNetwork) runtime).updateNetwork(sandboxId, NetworkPolicy.allow("registry.npmjs.org"));
 * }</pre>
 */
public interface ControlsNetwork extends SandboxRuntime {

    /** Changes the rules of a sandbox's open or allow-list network policy; its mode stays. */
    void updateNetwork(String sandboxId, dev.sandboxes.network.NetworkPolicy policy);

    /**
     * Replaces the credential rules of a sandbox's egress proxy (the agent's key among them, when
     * the caller's sandbox is in proxy mode); the old secrets stop being sent. Never writes a secret
     * where anything but the proxy can read it.
     */
    void updateCredentials(String sandboxId, List<dev.sandboxes.network.CredentialRule> rules);

    /** The requests a sandbox made through its egress proxy; empty for a sandbox without one. */
    List<dev.sandboxes.network.NetworkLogEntry> networkLog(String sandboxId);
}
