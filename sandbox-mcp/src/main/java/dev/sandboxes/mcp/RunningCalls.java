package dev.sandboxes.mcp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tool calls in progress that can be stopped, by channel (a stdio connection, an HTTP session)
 * and JSON-RPC request id. The SDK has no hook for {@code notifications/cancelled}: the transports
 * see it go by ({@link JsonRpcTap}) and cancel here; a channel that ends cancels all of its calls.
 *
 * <p>The transports announce each call as they pass it on, so that a cancellation that overtakes
 * its call (read while the call is still on its way to its handler) is kept, and the call stopped as
 * it registers; a cancellation of a call never announced, or already over, is dropped. One lock
 * orders all of it.
 */
final class RunningCalls {

    private static final Logger LOG = LoggerFactory.getLogger(RunningCalls.class);
    /** Calls announced but never handled (a tool the SDK did not find) are forgotten past this many. */
    static final int MAX_ANNOUNCED = 10_000;

    /** A call's address: the channel it came on and its request id, as JSON text. */
    record CallKey(String channel, String requestId) {
        CallKey {
            Objects.requireNonNull(channel, "channel");
            Objects.requireNonNull(requestId, "requestId");
        }
    }

    /** Unregisters a call when it is over. */
    interface Registration extends AutoCloseable {
        boolean cancelled();

        @Override
        void close();
    }

    private final Map<CallKey, Stop> running = new HashMap<>();
    private final Set<CallKey> announced = new LinkedHashSet<>();
    private final Set<CallKey> cancelledEarly = new HashSet<>();

    /** A transport passed this call on to the SDK. */
    synchronized void announce(CallKey key) {
        announced.add(key);
        if (announced.size() > MAX_ANNOUNCED) {
            Iterator<CallKey> oldest = announced.iterator();
            cancelledEarly.remove(oldest.next());
            oldest.remove();
        }
    }

    /** The call is over, registered or not. */
    synchronized void finished(CallKey key) {
        announced.remove(key);
        cancelledEarly.remove(key);
    }

    /** Registers a call's way to stop; stops it at once when it was already cancelled. */
    Registration register(CallKey key, Runnable stop) {
        Stop once = new Stop(key, stop);
        boolean cancelNow;
        synchronized (this) {
            announced.remove(key);
            running.put(key, once);
            cancelNow = cancelledEarly.remove(key);
        }
        if (cancelNow) {
            cancel(key);
        }
        return new Registration() {
            @Override
            public boolean cancelled() {
                return once.ran();
            }

            @Override
            public void close() {
                synchronized (RunningCalls.this) {
                    running.remove(key, once);
                }
            }
        };
    }

    /** Stops the call; an announced call not yet registered is stopped when it registers. */
    void cancel(CallKey key) {
        Stop stop;
        synchronized (this) {
            stop = running.remove(key);
            if (stop == null && announced.contains(key)) {
                cancelledEarly.add(key);
            }
        }
        if (stop != null) {
            stop.run();
        }
    }

    /** Stops every call of a channel that ended (end of input, a deleted HTTP session). */
    void endChannel(String channel) {
        stopAll(key -> key.channel().equals(channel));
    }

    /** Stops every call (the server stops). */
    void cancelAll() {
        stopAll(key -> true);
    }

    synchronized int size() {
        return running.size();
    }

    private void stopAll(Predicate<CallKey> which) {
        List<Stop> stops = new ArrayList<>();
        synchronized (this) {
            for (CallKey key : new ArrayList<>(running.keySet())) {
                if (which.test(key)) {
                    stops.add(running.remove(key));
                }
            }
            announced.stream().filter(which).forEach(cancelledEarly::add);
        }
        stops.forEach(Stop::run);
    }

    /** A call's way to stop, run once. */
    private static final class Stop {
        private final CallKey key;
        private final Runnable action;
        private boolean ran;

        Stop(CallKey key, Runnable action) {
            this.key = key;
            this.action = action;
        }

        void run() {
            synchronized (this) {
                if (ran) {
                    return;
                }
                ran = true;
            }
            LOG.info("Cancelling tool call {} on {}", key.requestId(), key.channel());
            try {
                action.run();
            } catch (RuntimeException e) {
                LOG.warn("Stopping a cancelled call failed: {}", e.toString());
            }
        }

        synchronized boolean ran() {
            return ran;
        }
    }
}
