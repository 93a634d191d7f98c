package dev.sandboxes.spi;

/**
 * A runtime that can tell whether any command runs in a sandbox, whoever started it: what the idle
 * stop ({@code idleStop(...)} on the builder) needs to leave a busy sandbox alone.
 *
 * <pre>{@code
 * boolean busy = ((TracksActivity) runtime).busy(sandboxId);
 * }</pre>
 */
public interface TracksActivity extends SandboxRuntime {

    /**
     * Whether any command runs in the sandbox now, whoever started it (this process, another one,
     * a detached command): the idle stop leaves a busy sandbox alone.
     */
    boolean busy(String sandboxId);
}
