package dev.sandboxes.internal;

import dev.sandboxes.Sandbox;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The handles opened in this JVM and not yet closed, for the testkit's leak check. Weakly held: a
 * handle dropped and collected is no longer counted (it can no longer be closed either).
 */
public final class OpenHandles {

    private static final Map<Sandbox, Boolean> OPEN = Collections.synchronizedMap(new WeakHashMap<>());

    private OpenHandles() {
    }

    static void opened(Sandbox handle) {
        OPEN.put(handle, Boolean.TRUE);
    }

    static void closed(Sandbox handle) {
        OPEN.remove(handle);
    }

    /** The handles open right now. */
    public static List<Sandbox> snapshot() {
        synchronized (OPEN) {
            return new ArrayList<>(OPEN.keySet());
        }
    }
}
