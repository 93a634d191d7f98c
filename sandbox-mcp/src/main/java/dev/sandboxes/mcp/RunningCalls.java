package dev.sandboxes.mcp;

import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tool calls in progress that can be stopped, by channel (a stdio connection, an HTTP session)
 * and JSON-RPC request id. The SDK has no hook for {@code notifications/cancelled}: the transports
 * see it go by ({@link JsonRpcTap}) and cancel here; a channel that ends cancels all of its calls.
 *
 * <p>A cancellation can overtake the call it names (the notification is read while the call is
 * still on its way to its handler): it is remembered, and the call is stopped as it registers.
 */
final class RunningCalls {

    private static final Logger LOG = LoggerFactory.getLogger(RunningCalls.class);

    /** A call's address: the channel it came on and its request id, as JSON text. */
    record CallKey(String channel, String requestId) {
        public CallKey {
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

    private final Map<CallKey, Runnable> running = new ConcurrentHashMap<>();
    private final Set<CallKey> cancelledEarly = ConcurrentHashMap.newKeySet();
    private final Set<String> endedChannels = ConcurrentHashMap.newKeySet();

    /** Registers a call's way to stop; runs it at once when the call was already cancelled. */
    Registration register(CallKey key, Runnable stop) {
        boolean[] cancelled = {false};
        Runnable once = () -> {
            synchronized (cancelled) {
                if (cancelled[0]) {
                    return;
                }
                cancelled[0] = true;
            }
            stop.run();
        };
        running.put(key, once);
        if (cancelledEarly.remove(key) || endedChannels.contains(key.channel())) {
            cancel(key);
        }
        return new Registration() {
            @Override
            public boolean cancelled() {
                synchronized (cancelled) {
                    return cancelled[0];
                }
            }

            @Override
            public void close() {
                running.remove(key, once);
            }
        };
    }

    /** Stops the call; a call not yet registered is stopped when it registers. */
    void cancel(CallKey key) {
        Runnable stop = running.remove(key);
        if (stop == null) {
            cancelledEarly.add(key);
            return;
        }
        LOG.info("Cancelling tool call {} on {}", key.requestId(), key.channel());
        runQuietly(stop);
    }

    /** Stops every call of a channel that ended (end of input, a deleted or lost HTTP session). */
    void endChannel(String channel) {
        endedChannels.add(channel);
        for (CallKey key : new HashSet<>(running.keySet())) {
            if (key.channel().equals(channel)) {
                cancel(key);
            }
        }
        cancelledEarly.removeIf(key -> key.channel().equals(channel));
    }

    /** Stops every call (the server stops). */
    void cancelAll() {
        for (CallKey key : new HashSet<>(running.keySet())) {
            cancel(key);
        }
        cancelledEarly.clear();
    }

    int size() {
        return running.size();
    }

    private static void runQuietly(Runnable stop) {
        try {
            stop.run();
        } catch (RuntimeException e) {
            LOG.warn("Stopping a cancelled call failed: {}", e.toString());
        }
    }
}
