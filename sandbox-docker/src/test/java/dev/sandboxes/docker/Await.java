package dev.sandboxes.docker;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waiting in tests without fixed sleeps: for a condition, polled until a deadline, and for a
 * condition that must keep holding, checked over and over through a window derived from the
 * setting under test (an idle time, say) and failing the moment it does not.
 */
final class Await {

    private static final long POLL_MILLIS = 20;

    private Await() {
    }

    /** Returns as soon as {@code condition} holds; fails with {@code what} if it does not within {@code limit}. */
    static void until(BooleanSupplier condition, Duration limit, Supplier<String> what) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("Waited " + limit + " in vain for " + what.get());
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    /** Checks {@code condition} again and again for {@code window}; fails with {@code what} the first time it does not hold. */
    static void holdsFor(Duration window, BooleanSupplier condition, Supplier<String> what) throws InterruptedException {
        long end = System.nanoTime() + window.toNanos();
        do {
            if (!condition.getAsBoolean()) {
                throw new AssertionError("No longer so: " + what.get());
            }
            Thread.sleep(POLL_MILLIS);
        } while (System.nanoTime() < end);
    }
}
