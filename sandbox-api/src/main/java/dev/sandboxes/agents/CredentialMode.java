package dev.sandboxes.agents;

import dev.sandboxes.network.CredentialRule;

/**
 * Where an agent's login and API key come from. Host credential folders ({@code ~/.claude} and the
 * like) are never mounted, and secret values are never stored in the sandbox's configuration. The
 * default is {@link #PROXY} for an agent whose provider takes its key in a header
 * ({@link AgentDefinition#apiKeyHeader()}: {@code claude}, {@code gemini}, {@code codex}) behind an
 * egress proxy (network {@code open()} or an allow list), else {@link #SANDBOX}. Fixed at creation.
 *
 * <pre>{@code
 * Sandboxes.forWorkspace(dir).agent("claude").credentials(CredentialMode.ENV).open();
 * }</pre>
 */
public enum CredentialMode {
    /**
     * The API key never enters the sandbox: the agent's variables hold a
     * {@link AgentDefinition#placeholderKey() placeholder}, and the sandbox's egress proxy puts the
     * host's key (or the one given to {@link dev.sandboxes.SandboxBuilder#apiKey}) into the requests to the
     * provider's API host, and only there (see {@link CredentialRule}). Logins made inside are kept
     * in the agent's volume, as with {@link #SANDBOX}; those do live inside the sandbox.
     */
    PROXY,
    /**
     * As in Docker Sandboxes: a named volume per agent and host user holds the agent's
     * login and settings, shared by every sandbox of that agent and kept when a sandbox is removed,
     * so logging in once is enough. The agent's API-key variables, when the host process has them,
     * are also given to its runs.
     */
    SANDBOX,
    /** Only the agent's API-key variables, from the host or given to the builder, passed to each run. */
    ENV,
    /** Nothing: the agent must be logged in by hand, every time. */
    NONE
}
