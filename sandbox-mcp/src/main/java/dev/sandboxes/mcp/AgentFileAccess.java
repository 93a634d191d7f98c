package dev.sandboxes.mcp;

import dev.sandboxes.Sandbox;
import dev.sandboxes.core.FileEntry;
import dev.sandboxes.exec.ExecRequest;
import dev.sandboxes.exec.ExecResult;
import java.nio.file.Path;
import java.util.List;

/**
 * The file operations of the file tools. Without root ({@link McpPolicy#rootAllowed()} off), they go
 * through small POSIX commands run as the agent user, so that the kernel checks that user's
 * permissions: the API's own file operations act as root, and a client that could write
 * {@code /etc/sudoers.d} as root would have root after all. With root allowed, they are the API's.
 */
final class AgentFileAccess {

    private final boolean asRoot;

    AgentFileAccess(boolean rootAllowed) {
        this.asRoot = rootAllowed;
    }

    byte[] read(Sandbox sandbox, String path, long offset, int length) {
        if (asRoot) {
            return sandbox.readFile(path, offset, length);
        }
        ExecResult result = run(sandbox, ExecRequest.of("sh", "-c",
                "[ -f \"$3\" ] || { [ -e \"$3\" ] && echo \"$3 is not a file\" >&2 || echo \"$3 does not exist\" >&2; exit 2; }; "
                        + "tail -c +\"$1\" -- \"$3\" | head -c \"$2\"",
                "sh", String.valueOf(offset + 1), String.valueOf(length), path).withOutputLimit(Math.max(length, 1)));
        return result.stdoutBytes();
    }

    void write(Sandbox sandbox, String path, byte[] content) {
        String parent = parentOf(path);
        if (asRoot) {
            run(sandbox, ExecRequest.of("mkdir", "-p", "--", parent).asRoot());
            sandbox.writeFile(path, content);
            return;
        }
        run(sandbox, ExecRequest.of("sh", "-c", "mkdir -p -- \"$1\" && cat > \"$2\"", "sh", parent, path).withStdin(content));
    }

    void delete(Sandbox sandbox, String path) {
        if (asRoot) {
            sandbox.delete(path);
            return;
        }
        if (path.equals("/") || path.equals(sandbox.workspace().toString())) {
            throw new ToolException("Deleting " + path + " itself is refused: delete what is in it instead.");
        }
        run(sandbox, ExecRequest.of("sh", "-c",
                "{ [ -e \"$1\" ] || [ -L \"$1\" ]; } || { echo \"$1 does not exist\" >&2; exit 2; }; rm -rf -- \"$1\"",
                "sh", path));
    }

    List<FileEntry> list(Sandbox sandbox, String folder) {
        if (!asRoot) {
            run(sandbox, ExecRequest.of("sh", "-c",
                    "[ -d \"$1\" ] || { echo \"$1 is not a folder\" >&2; exit 2; }; "
                            + "[ -r \"$1\" ] && [ -x \"$1\" ] || { echo \"$1: permission denied\" >&2; exit 2; }",
                    "sh", folder));
        }
        return sandbox.listFiles(folder);
    }

    private static String parentOf(String path) {
        Path parent = Path.of(path).getParent();
        return parent == null ? "/" : parent.toString();
    }

    private static ExecResult run(Sandbox sandbox, ExecRequest request) {
        ExecResult result = sandbox.exec(request);
        if (!result.succeeded()) {
            String reason = result.stderr().strip();
            throw new ToolException(reason.isEmpty() ? "The file operation failed (exit code " + result.exitCode() + ")." : reason);
        }
        return result;
    }
}
