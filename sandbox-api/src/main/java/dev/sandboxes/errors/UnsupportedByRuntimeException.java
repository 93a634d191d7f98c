package dev.sandboxes.errors;

/**
 * The runtime cannot do what was asked: it does not have that capability (building templates,
 * saving and resetting sandboxes, changing network rules or limits, stopping idle sandboxes).
 * Nothing was changed; use a runtime that has it, such as {@code docker}.
 *
 * <pre>{@code
 * Sandboxes.forWorkspace(dir).runtime(myRuntime).open().save("mine/saved:1");
 * // throws: the my-runtime runtime cannot save sandboxes as images (it does not implement SavesAndResets)
 * }</pre>
 */
public class UnsupportedByRuntimeException extends SandboxException {

    public UnsupportedByRuntimeException(String message) {
        super(message);
    }
}
