package dev.sandboxes.errors;

/**
 * A method was called on a {@link dev.sandboxes.Sandbox} handle after {@code close()} or {@code remove()}.
 * The sandbox itself may still exist: open the workspace again, or attach to it, for a new handle.
 *
 * <pre>{@code
 * sandbox.close();
 * sandbox.exec("ls");   // throws SandboxClosedException
 * }</pre>
 */
public class SandboxClosedException extends SandboxException {

    public SandboxClosedException(String message) {
        super(message);
    }
}
