package dev.sandboxes.core;

import dev.sandboxes.exec.ExecEvent;
import dev.sandboxes.templates.TemplateProgress;

/**
 * Receives lifecycle events of sandboxes: creating, created, started, reused, stopped, removed; the
 * progress of template builds and pulls; and, through its handles, the commands run in a sandbox.
 * Called on the thread that caused the event; keep it quick. An exception thrown by a listener is
 * logged and otherwise ignored: it never breaks the operation that fired the event.
 *
 * <pre>{@code
 * SandboxListener printer = event -> System.out.println(event.type() + " " + event.name());
 * Sandboxes.forWorkspace(dir).listener(printer).open();
 * }</pre>
 */
@FunctionalInterface
public interface SandboxListener {

    /** A listener that ignores everything. */
    SandboxListener NONE = event -> { };

    void onEvent(SandboxEvent event);

    /** Told how building or pulling a template goes, when a sandbox's template must be made first. */
    default void onTemplateProgress(TemplateProgress progress) {
    }

    /** A command started or finished; by default nothing happens. */
    default void onExec(ExecEvent event) {
    }
}
