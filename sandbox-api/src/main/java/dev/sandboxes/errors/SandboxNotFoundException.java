package dev.sandboxes.errors;

/**
 * No sandbox matches the id, id prefix or name given, or the sandbox was removed. Only containers
 * that carry the library's marker label are ever found.
 *
 * <pre>{@code
 * Sandboxes.attach("no-such-sandbox");  // throws
 * }</pre>
 */
public class SandboxNotFoundException extends SandboxException {

    public SandboxNotFoundException(String message) {
        super(message);
    }
}
