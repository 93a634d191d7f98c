package dev.sandboxes.testkit;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waiting in the contract suite: for a condition, polled against a deadline, never a fixed sleep. */
final class Awaits {

    private Awaits() {
    }

    static void awaitTrue(BooleanSupplier condition, String failure) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < end, failure);
            Thread.sleep(50);
        }
    }
}
