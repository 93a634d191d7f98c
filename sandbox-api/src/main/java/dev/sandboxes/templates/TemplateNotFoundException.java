package dev.sandboxes.templates;

import dev.sandboxes.errors.SandboxException;

/**
 * The template image asked for does not exist on the engine and cannot be built or pulled.
 * Nothing was created.
 *
 * <pre>{@code
 * Sandboxes.forWorkspace(dir).template("no-such-image:1").open();  // throws
 * }</pre>
 */
public class TemplateNotFoundException extends SandboxException {

    private final String template;

    public TemplateNotFoundException(String template, String message, Throwable cause) {
        super(message, cause);
        this.template = template;
    }

    /** The image reference that was asked for. */
    public String template() {
        return template;
    }
}
