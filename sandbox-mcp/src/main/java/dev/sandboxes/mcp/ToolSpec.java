package dev.sandboxes.mcp;

import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A tool as this server describes it: name, what it does (for the model), schemas, hints, and the
 * code that answers a call with the structured result.
 */
record ToolSpec(String name, String title, String description, Map<String, Object> input,
                Map<String, Object> output, McpSchema.ToolAnnotations annotations,
                Function<ToolCall, Map<String, Object>> handler) {

    @SuppressWarnings("unchecked")
    Set<String> argumentNames() {
        return ((Map<String, Object>) input.get("properties")).keySet();
    }

    /** Hints for a tool that only reads. */
    static McpSchema.ToolAnnotations readOnly(String title) {
        return new McpSchema.ToolAnnotations(title, true, false, true, false, null);
    }

    /** Hints for a tool that changes things without destroying any. */
    static McpSchema.ToolAnnotations changes(String title, boolean idempotent) {
        return new McpSchema.ToolAnnotations(title, false, false, idempotent, false, null);
    }

    /** Hints for a tool that may destroy state (files, processes, sandboxes). */
    static McpSchema.ToolAnnotations destroys(String title, boolean idempotent) {
        return new McpSchema.ToolAnnotations(title, false, true, idempotent, false, null);
    }

    /** Hints for a tool that runs arbitrary commands, which may reach the network. */
    static McpSchema.ToolAnnotations runs(String title) {
        return new McpSchema.ToolAnnotations(title, false, true, false, true, null);
    }
}
