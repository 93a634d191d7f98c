package dev.sandboxes.core;

import java.nio.file.Path;
import java.util.Objects;

/**
 * An extra host folder made visible inside a sandbox, besides the workspace.
 *
 * <pre>{@code
 * Sandboxes.forWorkspace(project).mount(Path.of("/data/fixtures"), "/fixtures", true).open();
 * }</pre>
 *
 * @param hostPath    the folder on the host; the builder resolves it to its real path
 * @param sandboxPath the absolute path where it appears inside the sandbox
 * @param readOnly    whether the sandbox may only read it
 */
public record Mount(Path hostPath, String sandboxPath, boolean readOnly) {

    public Mount {
        Objects.requireNonNull(hostPath, "hostPath");
        Objects.requireNonNull(sandboxPath, "sandboxPath");
    }

    @Override
    public String toString() {
        return hostPath + ":" + sandboxPath + (readOnly ? ":ro" : "");
    }
}
