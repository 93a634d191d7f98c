package dev.sandboxes.errors;

/**
 * No runtime can run sandboxes: no provider is on the class path, or none answered (for Docker: no
 * engine at any of the places Docker clients look, or the engine did not respond). The message
 * lists what was tried and why each failed.
 *
 * <pre>{@code
 * try {
 *     Sandboxes.forWorkspace(dir).open();
 * } catch (RuntimeUnavailableException e) {
 *     // start Docker, or set DOCKER_HOST
 * }
 * }</pre>
 */
public class RuntimeUnavailableException extends SandboxException {

    public RuntimeUnavailableException(String message) {
        super(message);
    }

    public RuntimeUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
