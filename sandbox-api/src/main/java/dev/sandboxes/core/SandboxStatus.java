package dev.sandboxes.core;

/**
 * Where a sandbox is in its life.
 *
 * <pre>{@code
 * if (sandbox.info().status() == SandboxStatus.RUNNING) { ... }
 * }</pre>
 */
public enum SandboxStatus {
    /** Created but never started, or being created right now. */
    CREATED,
    /** Running: commands can be executed. */
    RUNNING,
    /** Paused by the engine. */
    PAUSED,
    /** Being restarted by the engine. */
    RESTARTING,
    /** Stopped; the next {@code open()} of its workspace starts it again with its state intact. */
    STOPPED,
    /** Being removed, or gone. */
    REMOVED;

    /** The lower-case word used by {@code docker ps} and by the example CLI. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
