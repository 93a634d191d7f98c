package dev.sandboxes.errors;

import java.nio.file.Path;

/**
 * The workspace, or the host side of an extra mount, cannot be given to a sandbox: it does not
 * exist, is not a folder, is too broad (the file system root, the home folder), holds secrets
 * (~/.ssh, ~/.aws, …) or would hide the image's own system folders. Also thrown when the engine
 * cannot see the folder at all (a remote engine, a folder Docker Desktop does not share).
 *
 * <pre>{@code
 * Sandboxes.forWorkspace(Path.of(System.getProperty("user.home"))).open();  // throws
 * }</pre>
 */
public class InvalidWorkspaceException extends InvalidSandboxConfigException {

    private final Path path;

    public InvalidWorkspaceException(Path path, String message) {
        super(message);
        this.path = path;
    }

    /** The host path that was refused, as given. */
    public Path path() {
        return path;
    }
}
