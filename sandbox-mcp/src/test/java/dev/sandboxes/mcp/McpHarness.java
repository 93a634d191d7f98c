package dev.sandboxes.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sandboxes.SandboxManager;
import dev.sandboxes.Sandboxes;
import dev.sandboxes.testkit.InMemoryRuntime;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * A server on the in-memory runtime, served over Streamable HTTP on loopback, and the SDK's own
 * client talking to it: tool calls go through the real transport, the guard and the tap, and the
 * client checks every structured result against its tool's output schema.
 */
final class McpHarness implements AutoCloseable {

    final InMemoryRuntime runtime;
    final SandboxManager manager;
    final SandboxMcpServer server;
    final McpHttpEndpoint endpoint;
    final McpSyncClient client;

    private McpHarness(McpPolicy policy, InMemoryRuntime runtime) {
        this.runtime = runtime;
        this.manager = Sandboxes.manager(runtime);
        this.server = SandboxMcpServer.builder(policy).manager(manager).build();
        this.endpoint = server.serveHttp(McpHttpOptions.loopback(0));
        this.client = McpClient.sync(HttpClientStreamableHttpTransport.builder(baseUrl())
                        .endpoint(McpHttpEndpoint.PATH)
                        .requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer " + endpoint.token()))
                        .build())
                .requestTimeout(Duration.ofSeconds(20))
                .build();
        client.initialize();
    }

    static McpHarness start(McpPolicy policy) {
        return new McpHarness(policy, new InMemoryRuntime());
    }

    static McpHarness start(McpPolicy policy, InMemoryRuntime runtime) {
        return new McpHarness(policy, runtime);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + endpoint.url().getPort();
    }

    McpSchema.CallToolResult call(String tool, Map<String, Object> arguments) {
        return client.callTool(McpSchema.CallToolRequest.builder().name(tool).arguments(arguments).build());
    }

    /** The structured result of a call that must succeed. */
    @SuppressWarnings("unchecked")
    Map<String, Object> ok(String tool, Map<String, Object> arguments) {
        McpSchema.CallToolResult result = call(tool, arguments);
        assertFalse(Boolean.TRUE.equals(result.isError()), () -> tool + " failed: " + text(result));
        return (Map<String, Object>) result.structuredContent();
    }

    /** The message of a call that must come back as an error result (not a protocol error). */
    String refused(String tool, Map<String, Object> arguments) {
        McpSchema.CallToolResult result = call(tool, arguments);
        assertTrue(Boolean.TRUE.equals(result.isError()), () -> tool + " should have been refused: " + text(result));
        assertEquals(Map.of("error", text(result)), result.structuredContent());
        return text(result);
    }

    /** Opens a workspace's sandbox through sandbox_open; returns its id. */
    String open(Path workspace) {
        return (String) ok("sandbox_open", Map.of("workspace", workspace.toString())).get("id");
    }

    static String text(McpSchema.CallToolResult result) {
        return result.content().stream()
                .filter(McpSchema.TextContent.class::isInstance)
                .map(content -> ((McpSchema.TextContent) content).text())
                .findFirst().orElse("");
    }

    @Override
    public void close() {
        client.closeGracefully();
        server.close();
    }
}
