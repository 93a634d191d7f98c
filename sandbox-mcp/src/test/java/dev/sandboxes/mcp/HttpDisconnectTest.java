package dev.sandboxes.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sandboxes.exec.AuditEntry;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Streamable HTTP client that drops its connection in the middle of a call, without ending its
 * session: the call's command is stopped once the server finds the stream broken (its next progress
 * notification), and the server goes on serving.
 */
class HttpDisconnectTest {

    @TempDir
    Path root;

    private McpHarness mcp;

    @BeforeEach
    void start() {
        mcp = McpHarness.start(McpPolicy.builder(root).build());
    }

    @AfterEach
    void stop() {
        mcp.close();
    }

    @Test
    void aCallWhoseConnectionDropsHasItsCommandStoppedAndTheServerGoesOn() throws Exception {
        String sandbox = mcp.open(Files.createDirectories(root.resolve("project")));
        String[] ticks = new String[600];
        java.util.Arrays.fill(ticks, "tick");
        mcp.runtime.script().when("ticker").thenStream(Duration.ofMillis(100), ticks).thenExit(0);
        String session = newSession(mcp);

        try (Socket socket = new Socket("127.0.0.1", mcp.endpoint.url().getPort())) {
            byte[] body = ("{\"jsonrpc\":\"2.0\",\"id\":\"dropped-1\",\"method\":\"tools/call\",\"params\":{\"name\":\"sandbox_exec\","
                    + "\"arguments\":{\"sandbox\":\"" + sandbox + "\",\"command\":[\"ticker\"]},\"_meta\":{\"progressToken\":\"p\"}}}")
                    .getBytes(StandardCharsets.UTF_8);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:" + mcp.endpoint.url().getPort() + "\r\n"
                    + "Authorization: Bearer " + mcp.endpoint.token() + "\r\n"
                    + "Mcp-Session-Id: " + session + "\r\n"
                    + "MCP-Protocol-Version: 2025-06-18\r\n"
                    + "Content-Type: application/json\r\nAccept: application/json, text/event-stream\r\n"
                    + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null && !line.contains("notifications/progress"); line = in.readLine()) {
                // Read until the first progress notification: the command runs.
            }
        }

        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (exitOfTicker(sandbox).isEmpty()) {
            assertTrue(System.nanoTime() < deadline, "the dropped call's command is stopped within 30 s");
            Thread.sleep(50);
        }
        assertEquals(137, exitOfTicker(sandbox).getAsInt(), "killed, not run to its end (a minute)");
        assertEquals(1, ((List<?>) mcp.ok("sandbox_list", Map.of()).get("sandboxes")).size(), "the server goes on serving");
    }

    private OptionalInt exitOfTicker(String sandbox) {
        return mcp.manager.attach(sandbox).auditLog().stream()
                .filter(entry -> entry.argv().equals(List.of("ticker")))
                .map(AuditEntry::exitCode).filter(OptionalInt::isPresent).findFirst().orElse(OptionalInt.empty());
    }

    /** A session of a raw client: initialize, then initialized. */
    private static String newSession(McpHarness mcp) throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        var response = http.send(java.net.http.HttpRequest.newBuilder(mcp.endpoint.url())
                .header("Authorization", "Bearer " + mcp.endpoint.token())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\","
                        + "\"params\":{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}"))
                .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        String session = response.headers().firstValue("Mcp-Session-Id").orElseThrow();
        http.send(java.net.http.HttpRequest.newBuilder(mcp.endpoint.url())
                .header("Authorization", "Bearer " + mcp.endpoint.token())
                .header("Mcp-Session-Id", session)
                .header("MCP-Protocol-Version", "2025-06-18")
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"))
                .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        return session;
    }
}
