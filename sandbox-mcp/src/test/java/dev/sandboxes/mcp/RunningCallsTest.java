package dev.sandboxes.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RunningCallsTest {

    private final RunningCalls calls = new RunningCalls();

    @Test
    void cancelStopsTheRegisteredCallOnce() {
        AtomicInteger stops = new AtomicInteger();
        RunningCalls.CallKey key = new RunningCalls.CallKey("s", "1");
        RunningCalls.Registration registration = calls.register(key, stops::incrementAndGet);

        calls.cancel(key);
        calls.cancel(key);

        assertEquals(1, stops.get());
        assertTrue(registration.cancelled());
    }

    @Test
    void aCancelBeforeRegistrationStopsTheAnnouncedCallAsItRegisters() {
        AtomicInteger stops = new AtomicInteger();
        RunningCalls.CallKey key = new RunningCalls.CallKey("s", "1");

        calls.announce(key);
        calls.cancel(key);
        RunningCalls.Registration registration = calls.register(key, stops::incrementAndGet);

        assertEquals(1, stops.get());
        assertTrue(registration.cancelled());
    }

    @Test
    void aClosedRegistrationIsNoLongerStopped() {
        AtomicInteger stops = new AtomicInteger();
        RunningCalls.CallKey key = new RunningCalls.CallKey("s", "1");
        calls.register(key, stops::incrementAndGet).close();

        calls.cancel(key);

        assertEquals(0, stops.get());
        assertEquals(0, calls.size());
    }

    @Test
    void endChannelStopsEveryCallOfThatChannelOnly() {
        AtomicInteger ended = new AtomicInteger();
        AtomicInteger other = new AtomicInteger();
        calls.register(new RunningCalls.CallKey("ended", "1"), ended::incrementAndGet);
        calls.register(new RunningCalls.CallKey("ended", "2"), ended::incrementAndGet);
        RunningCalls.Registration kept = calls.register(new RunningCalls.CallKey("other", "1"), other::incrementAndGet);

        calls.endChannel("ended");

        assertEquals(2, ended.get());
        assertEquals(0, other.get());
        assertFalse(kept.cancelled());
        assertEquals(1, calls.size());
    }

    @Test
    void aCallAnnouncedOnAChannelThatEndsIsStoppedAsItRegisters() {
        RunningCalls.CallKey key = new RunningCalls.CallKey("ended", "9");
        calls.announce(key);
        calls.endChannel("ended");
        AtomicInteger stops = new AtomicInteger();

        assertTrue(calls.register(key, stops::incrementAndGet).cancelled());
        assertEquals(1, stops.get());
    }

    @Test
    void aCancelOfACallNeverAnnouncedOrAlreadyOverIsDropped() {
        RunningCalls.CallKey unknown = new RunningCalls.CallKey("s", "never-seen");
        RunningCalls.CallKey over = new RunningCalls.CallKey("s", "over");
        calls.announce(over);
        calls.finished(over);

        calls.cancel(unknown);
        calls.cancel(over);
        AtomicInteger stops = new AtomicInteger();

        assertFalse(calls.register(unknown, stops::incrementAndGet).cancelled(), "nothing was kept for it");
        assertFalse(calls.register(over, stops::incrementAndGet).cancelled());
        assertEquals(0, stops.get());
    }

    @Test
    void announcedCallsNeverHandledAreForgottenPastTheLimit() {
        for (int i = 0; i <= RunningCalls.MAX_ANNOUNCED; i++) {
            calls.announce(new RunningCalls.CallKey("s", String.valueOf(i)));
        }
        RunningCalls.CallKey oldest = new RunningCalls.CallKey("s", "0");
        calls.cancel(oldest);
        AtomicInteger stops = new AtomicInteger();

        assertFalse(calls.register(oldest, stops::incrementAndGet).cancelled());
    }

    @Test
    void cancelAllStopsEveryCall() {
        AtomicInteger stops = new AtomicInteger();
        calls.register(new RunningCalls.CallKey("a", "1"), stops::incrementAndGet);
        calls.register(new RunningCalls.CallKey("b", "1"), stops::incrementAndGet);

        calls.cancelAll();

        assertEquals(2, stops.get());
        assertEquals(0, calls.size());
    }

    @Test
    void aStopThatFailsDoesNotStopTheOthers() {
        AtomicInteger stops = new AtomicInteger();
        calls.register(new RunningCalls.CallKey("s", "1"), () -> {
            throw new IllegalStateException("already gone");
        });
        calls.register(new RunningCalls.CallKey("s", "2"), stops::incrementAndGet);

        calls.endChannel("s");

        assertEquals(1, stops.get());
    }
}
