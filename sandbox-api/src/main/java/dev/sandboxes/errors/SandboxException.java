package dev.sandboxes.errors;

/**
 * The one unchecked exception of the library; every failure it reports is this type or a subclass.
 *
 * <p>Messages say what went wrong and what to do about it. Exceptions of the underlying engine
 * (Docker's among them) never escape: they are translated into a subclass and kept as the cause.
 *
 * <pre>{@code
 * try (Sandbox sandbox = Sandboxes.forWorkspace(dir).template("node:22").open()) {
 *     sandbox.exec("npm", "test");
 * } catch (SandboxException e) {
 *     System.err.println(e.getMessage());
 * }
 * }</pre>
 */
public class SandboxException extends RuntimeException {

    public SandboxException(String message) {
        super(message);
    }

    public SandboxException(String message, Throwable cause) {
        super(message, cause);
    }
}
