package dev.sandboxes.internal;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a scope (a test, for the testkit's leak check) opened and created: the handles it opened
 * and has not closed, and the sandboxes it created. A scope covers the thread that began it and the
 * threads that thread starts; nothing is tracked outside a scope, so ordinary use keeps no record.
 */
public final class OpenHandles {

    private static final InheritableThreadLocal<Scope> CURRENT = new InheritableThreadLocal<>();

    private OpenHandles() {
    }

    /** Handles and sandboxes of one scope. */
    public static final class Scope {
        private final Set<AutoCloseable> open = ConcurrentHashMap.newKeySet();
        private final Set<String> created = ConcurrentHashMap.newKeySet();

        /** The handles opened in this scope and not closed yet. */
        public List<AutoCloseable> openHandles() {
            return List.copyOf(open);
        }

        /** The ids of the sandboxes created in this scope. */
        public Set<String> createdSandboxes() {
            return Set.copyOf(created);
        }

        /** Notes that a handle of this scope was closed. */
        public void closed(AutoCloseable handle) {
            open.remove(handle);
        }
    }

    /** Starts tracking on this thread (and the threads it starts). */
    public static Scope begin() {
        Scope scope = new Scope();
        CURRENT.set(scope);
        return scope;
    }

    /** Stops tracking on this thread. */
    public static void end() {
        CURRENT.remove();
    }

    /** The scope a new handle belongs to, if any. */
    public static Scope opened(AutoCloseable handle) {
        Scope scope = CURRENT.get();
        if (scope != null) {
            scope.open.add(handle);
        }
        return scope;
    }

    /** Notes a sandbox created in the current scope, if any. */
    public static void created(String sandboxId) {
        Scope scope = CURRENT.get();
        if (scope != null) {
            scope.created.add(sandboxId);
        }
    }
}
