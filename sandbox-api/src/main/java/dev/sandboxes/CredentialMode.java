package dev.sandboxes;

/**
 * Where an agent's login and API key come from. Host credential folders ({@code ~/.claude} and the
 * like) are never mounted, and secret values are never stored in the sandbox's configuration: API
 * keys are given to each agent run, and so never show in {@code inspect}, labels or logs.
 *
 * <pre>{@code
 * Sandboxes.forWorkspace(dir).agent("claude").credentials(CredentialMode.ENV).open();
 * }</pre>
 */
public enum CredentialMode {
    /**
     * The default, as in Docker Sandboxes: a named volume per agent and host user holds the agent's
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
