package dev.sandboxes.errors;

import java.time.Duration;

/**
 * An operation did not finish within its time limit, for example an {@code open()} that waited for
 * another process to finish creating the same workspace's sandbox.
 *
 * <pre>{@code
 * Sandboxes.forWorkspace(dir).openTimeout(Duration.ofSeconds(30)).open();
 * }</pre>
 */
public class SandboxTimeoutException extends SandboxException {

    private final Duration timeout;

    public SandboxTimeoutException(String message, Duration timeout) {
        super(message);
        this.timeout = timeout;
    }

    /** The limit that was exceeded. */
    public Duration timeout() {
        return timeout;
    }
}
