package dev.sandboxes.errors;

/**
 * A setting given to the builder is not acceptable: an empty env name, an unknown agent, a missing
 * template, a bad name. Thrown before anything is created, so nothing has changed.
 *
 * <pre>{@code
 * Sandboxes.forWorkspace(dir).env("", "x");   // throws: env names must not be empty
 * }</pre>
 */
public class InvalidSandboxConfigException extends SandboxException {

    public InvalidSandboxConfigException(String message) {
        super(message);
    }

    public InvalidSandboxConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
