package dev.sandboxes.errors;

import java.util.List;

/**
 * The workspace already has a sandbox, created with other settings than the ones asked for now.
 * Settings are fixed at creation, as in Docker Sandboxes: ask for {@code recreate()} to replace the
 * sandbox (losing what was installed in it), or leave the setting unset to accept what exists.
 * Secret values never appear in the message, only the names of the variables that differ.
 *
 * <pre>{@code
 * Sandboxes.forWorkspace(dir).env("APP_ENV", "prod").recreate().open();
 * }</pre>
 */
public class SandboxConflictException extends SandboxException {

    private final List<String> differences;

    public SandboxConflictException(String sandboxName, List<String> differences) {
        super("The sandbox '" + sandboxName + "' of this workspace was created with other settings: "
                + String.join("; ", differences)
                + ". Settings are fixed at creation: call recreate() on the builder to replace it,"
                + " or leave these settings unset to reuse it as it is.");
        this.differences = List.copyOf(differences);
    }

    /** One line per setting that differs, such as {@code template: asked for "a", sandbox has "b"}. */
    public List<String> differences() {
        return differences;
    }
}
