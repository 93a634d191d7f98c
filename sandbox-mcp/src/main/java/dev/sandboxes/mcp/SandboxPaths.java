package dev.sandboxes.mcp;

import dev.sandboxes.Sandbox;
import java.nio.file.Path;

/**
 * Paths a client gives, made absolute and normal inside the sandbox: a relative path is taken from
 * the workspace, and {@code ..} cannot climb above {@code /}. Paths live in the sandbox's own file
 * system; only the workspace is shared with the host, and that is inside an allowed root.
 */
final class SandboxPaths {

    private SandboxPaths() {
    }

    static String resolve(Sandbox sandbox, String path) {
        if (path.isBlank()) {
            throw new ToolException("The path is empty: give a path in the sandbox, absolute or relative to the workspace "
                    + sandbox.workspace() + ".");
        }
        Path given = Path.of(path);
        Path absolute = given.isAbsolute() ? given : sandbox.workspace().resolve(given);
        return Path.of("/").resolve(absolute).normalize().toString();
    }
}
