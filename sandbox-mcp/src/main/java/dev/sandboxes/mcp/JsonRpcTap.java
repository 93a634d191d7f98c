package dev.sandboxes.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the transports do to each JSON-RPC message from a client before the SDK sees it, because the
 * SDK (2.x) gives a tool's handler neither its request id nor a hook for cancellation:
 * <ul>
 *   <li>a {@code tools/call} request gets its channel and request id written into its
 *       {@code _meta} (under {@link #CALL_KEY}, overwriting whatever a client put there), so that the
 *       handler can register itself under that address;</li>
 *   <li>a {@code notifications/cancelled} notification cancels the call it names on that channel.</li>
 * </ul>
 * Anything else, and anything that is not JSON, passes unchanged: the SDK answers it.
 */
final class JsonRpcTap {

    /** The {@code _meta} key of a call's address. */
    static final String CALL_KEY = "dev.sandboxes/call";

    private final ObjectMapper json = new ObjectMapper();
    private final RunningCalls calls;

    JsonRpcTap(RunningCalls calls) {
        this.calls = calls;
    }

    /** A message as the SDK should see it, and the addresses of the tool calls it holds. */
    record Tapped(String message, List<RunningCalls.CallKey> calls) {
    }

    /** The message as the SDK should see it. */
    Tapped inbound(String channel, String message) {
        JsonNode tree;
        try {
            tree = json.readTree(message);
        } catch (Exception notJson) {
            return new Tapped(message, List.of());
        }
        List<RunningCalls.CallKey> keys = new ArrayList<>();
        if (tree instanceof ObjectNode object) {
            tap(channel, object, keys);
        } else if (tree != null && tree.isArray()) {
            for (JsonNode element : tree) {
                if (element instanceof ObjectNode object) {
                    tap(channel, object, keys);
                }
            }
        }
        return keys.isEmpty() ? new Tapped(message, keys) : new Tapped(write(tree, message), List.copyOf(keys));
    }

    /** Reads a call's address back out of its {@code _meta}. */
    static Optional<RunningCalls.CallKey> callKey(java.util.Map<String, Object> meta) {
        if (meta == null || !(meta.get(CALL_KEY) instanceof java.util.Map<?, ?> address)) {
            return Optional.empty();
        }
        Object channel = address.get("channel");
        Object id = address.get("id");
        return channel instanceof String c && id instanceof String i
                ? Optional.of(new RunningCalls.CallKey(c, i))
                : Optional.empty();
    }

    private void tap(String channel, ObjectNode message, List<RunningCalls.CallKey> keys) {
        String method = message.path("method").asText("");
        if (method.equals("tools/call") && message.has("id") && message.get("params") instanceof ObjectNode params) {
            ObjectNode meta = params.get("_meta") instanceof ObjectNode existing ? existing : params.putObject("_meta");
            ObjectNode address = meta.putObject(CALL_KEY);
            address.put("channel", channel);
            address.put("id", message.get("id").toString());
            RunningCalls.CallKey key = new RunningCalls.CallKey(channel, message.get("id").toString());
            calls.announce(key);
            keys.add(key);
            return;
        }
        if (method.equals("notifications/cancelled") && message.path("params").has("requestId")) {
            calls.cancel(new RunningCalls.CallKey(channel, message.path("params").get("requestId").toString()));
        }
    }

    private String write(JsonNode tree, String original) {
        try {
            return json.writeValueAsString(tree);
        } catch (Exception e) {
            return original;
        }
    }
}
