package dev.sandboxes.errors;

/**
 * The sandbox is not in a state that allows the call, for example an exec on a stopped sandbox.
 * Open the workspace again to start it.
 *
 * <pre>{@code
 * sandbox.stop();
 * sandbox.exec("ls");   // throws: the sandbox is stopped
 * }</pre>
 */
public class SandboxStateException extends SandboxException {

    public SandboxStateException(String message) {
        super(message);
    }

    public SandboxStateException(String message, Throwable cause) {
        super(message, cause);
    }
}
