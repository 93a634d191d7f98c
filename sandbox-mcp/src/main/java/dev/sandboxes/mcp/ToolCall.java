package dev.sandboxes.mcp;

import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One call of a tool: its arguments, and the ways back to the client while it runs (progress, when
 * the client asked for it with a {@code progressToken}) and from the client (cancellation).
 */
final class ToolCall {

    private static final Logger LOG = LoggerFactory.getLogger(ToolCall.class);

    private final Args args;
    private final McpSyncServerExchange exchange;
    private final Map<String, Object> meta;
    private final RunningCalls calls;
    private double progress;

    ToolCall(Args args, McpSyncServerExchange exchange, Map<String, Object> meta, RunningCalls calls) {
        this.args = args;
        this.exchange = exchange;
        this.meta = meta == null ? Map.of() : meta;
        this.calls = calls;
    }

    Args args() {
        return args;
    }

    /** Whether the client asked for progress notifications. */
    boolean wantsProgress() {
        return exchange != null && meta.get("progressToken") != null;
    }

    /**
     * Sends a progress notification, only when the client sent a {@code progressToken}.
     *
     * @return false when it could not be delivered: the client has gone (its stream broke)
     */
    boolean progress(String message) {
        if (!wantsProgress()) {
            return true;
        }
        progress += 1;
        try {
            exchange.progressNotification(new McpSchema.ProgressNotification(meta.get("progressToken"), progress, null, message));
            return true;
        } catch (RuntimeException e) {
            LOG.info("A progress notification was not delivered, the client has gone: {}", e.toString());
            return false;
        }
    }

    /**
     * Registers how to stop this call when the client cancels it or goes away. A call that came with
     * no address (a transport that is not ours) cannot be cancelled and gets a registration that
     * never is.
     */
    RunningCalls.Registration onCancel(Runnable stop) {
        Optional<RunningCalls.CallKey> key = JsonRpcTap.callKey(meta);
        if (key.isEmpty()) {
            return new RunningCalls.Registration() {
                @Override
                public boolean cancelled() {
                    return false;
                }

                @Override
                public void close() {
                }
            };
        }
        return calls.register(key.get(), stop);
    }
}
