package dev.sandboxes.templates;

import dev.sandboxes.core.SandboxListener;
import java.util.Objects;

/**
 * How a template build or pull is going, told to {@link SandboxListener#onTemplateProgress}: the
 * build's steps and output lines, a pull's layers and bytes, and the end. The example CLI draws
 * these as a progress bar.
 *
 * <pre>{@code
 * SandboxListener bar = new SandboxListener() {
 *     public void onEvent(SandboxEvent event) { }
 *     public void onTemplateProgress(TemplateProgress p) {
 *         if (p.kind() == TemplateProgress.Kind.STEP) System.out.printf("step %d/%d%n", p.current(), p.total());
 *     }
 * };
 * }</pre>
 *
 * @param template the template's label, such as {@code builtin:claude}, or the image pulled
 * @param kind     what this tells
 * @param message  the step's instruction, the output line, the layer's id and status, or the image made
 * @param current  the step's number, or the bytes of the layer done so far; 0 when it does not apply
 * @param total    the number of steps, or the layer's size in bytes; 0 when unknown
 */
public record TemplateProgress(String template, Kind kind, String message, long current, long total) {

    /** What a progress report tells. */
    public enum Kind {
        /** A build or pull begins; the message says which. */
        STARTED,
        /** A build step begins: step {@code current} of {@code total}. */
        STEP,
        /** A line a build step printed. */
        OUTPUT,
        /** A pulled layer's status, with its bytes. */
        LAYER,
        /** The image is ready; the message names it. */
        DONE
    }

    public TemplateProgress {
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
    }
}
