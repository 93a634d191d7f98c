package dev.sandboxes.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sandboxes.errors.SandboxException;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every tool of the server, as the SDK takes them. A call never fails the protocol: whatever goes
 * wrong (bad arguments, the policy, the library, the engine) becomes an error result whose message
 * says what to do, with {@code {"error": ...}} as structured content, which every output schema admits.
 */
final class ToolCatalog {

    private static final Logger LOG = LoggerFactory.getLogger(ToolCatalog.class);

    private final ObjectMapper json = new ObjectMapper();
    private final List<ToolSpec> tools;
    private final RunningCalls calls;

    ToolCatalog(SandboxAccess access, RunningCalls calls) {
        this.calls = calls;
        this.tools = Stream.of(new LifecycleTools(access).tools(), new ExecTools(access).tools(),
                new FileTools(access).tools(), new ChangeTools(access).tools()).flatMap(List::stream).toList();
    }

    List<McpServerFeatures.SyncToolSpecification> specifications() {
        List<McpServerFeatures.SyncToolSpecification> specifications = new ArrayList<>();
        for (ToolSpec tool : tools) {
            McpSchema.Tool described = McpSchema.Tool.builder()
                    .name(tool.name())
                    .title(tool.title())
                    .description(tool.description())
                    .inputSchema(tool.input())
                    .outputSchema(tool.output())
                    .annotations(tool.annotations())
                    .build();
            specifications.add(McpServerFeatures.SyncToolSpecification.builder()
                    .tool(described)
                    .callHandler((exchange, request) -> call(tool, exchange, request))
                    .build());
        }
        return specifications;
    }

    McpSchema.CallToolResult call(ToolSpec tool, McpSyncServerExchange exchange, McpSchema.CallToolRequest request) {
        try {
            Args args = new Args(tool.name(), request.arguments(), tool.argumentNames());
            Map<String, Object> result = tool.handler().apply(new ToolCall(args, exchange, request.meta(), calls));
            return McpSchema.CallToolResult.builder()
                    .structuredContent(result)
                    .addTextContent(json.writeValueAsString(result))
                    .isError(false)
                    .build();
        } catch (ToolException e) {
            return error(e.getMessage());
        } catch (SandboxException e) {
            // The library's messages are written for users: say what is wrong and how to fix it.
            return error(e.getMessage());
        } catch (Exception e) {
            LOG.warn("Tool {} failed", tool.name(), e);
            return error(tool.name() + " failed unexpectedly (" + e.getClass().getSimpleName() + "): " + e.getMessage()
                    + ". The server keeps serving; the details are in its log.");
        } finally {
            JsonRpcTap.callKey(request.meta()).ifPresent(calls::finished);
        }
    }

    static McpSchema.CallToolResult error(String message) {
        return McpSchema.CallToolResult.builder()
                .structuredContent(Map.of("error", message))
                .addTextContent(message)
                .isError(true)
                .build();
    }
}
