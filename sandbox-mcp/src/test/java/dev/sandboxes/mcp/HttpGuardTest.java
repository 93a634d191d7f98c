package dev.sandboxes.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sandboxes.Sandboxes;
import dev.sandboxes.testkit.InMemoryRuntime;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP endpoint's door, with raw requests: no token, a wrong one, a foreign Origin or Host. */
class HttpGuardTest {

    private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
            + "\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}";

    @TempDir
    Path root;

    private final HttpClient http = HttpClient.newHttpClient();
    private SandboxMcpServer server;
    private McpHttpEndpoint endpoint;

    @BeforeEach
    void start() {
        server = SandboxMcpServer.builder(McpPolicy.builder(root).build())
                .manager(Sandboxes.manager(new InMemoryRuntime()))
                .build();
        endpoint = server.serveHttp(McpHttpOptions.loopback(0));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void theRightTokenPassesTheGuard() throws Exception {
        HttpResponse<String> response = post(request().header("Authorization", "Bearer " + endpoint.token()));

        assertEquals(200, response.statusCode(), response.body());
    }

    @Test
    void theSchemeNameIsCaseInsensitive() throws Exception {
        HttpResponse<String> response = post(request().header("Authorization", "bearer " + endpoint.token()));

        assertEquals(200, response.statusCode(), response.body());
    }

    @Test
    void theTokenAloneWithoutTheSchemeIsUnauthorized() throws Exception {
        assertEquals(401, post(request().header("Authorization", endpoint.token())).statusCode());
    }

    @Test
    void noTokenIsUnauthorized() throws Exception {
        HttpResponse<String> response = post(request());

        assertEquals(401, response.statusCode());
        assertTrue(response.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
        assertTrue(response.body().contains("Authorization: Bearer <token>"), response.body());
    }

    @Test
    void aWrongTokenIsUnauthorized() throws Exception {
        HttpResponse<String> response = post(request().header("Authorization", "Bearer " + endpoint.token() + "x"));

        assertEquals(401, response.statusCode());
        assertTrue(response.body().contains("The bearer token is wrong"), response.body());
    }

    @Test
    void aForeignOriginIsForbiddenEvenWithTheToken() throws Exception {
        HttpResponse<String> response = post(request()
                .header("Authorization", "Bearer " + endpoint.token())
                .header("Origin", "http://evil.example"));

        assertEquals(403, response.statusCode());
        assertTrue(response.body().contains("http://evil.example"), response.body());
    }

    @Test
    void aForeignHostIsForbiddenEvenWithTheToken() throws Exception {
        assertEquals("HTTP/1.1 403 Forbidden", statusLine(endpoint, "evil.example:" + endpoint.url().getPort()));
    }

    @Test
    void aHostAllowedByNameAloneIsAcceptedAtTheServersPort() throws Exception {
        try (McpHttpEndpoint named = server.serveHttp(McpHttpOptions.loopback(0).allowHost("sandbox-host"))) {
            assertEquals("HTTP/1.1 200 OK", statusLine(named, "sandbox-host:" + named.url().getPort()));
            assertEquals("HTTP/1.1 403 Forbidden", statusLine(named, "other-host:" + named.url().getPort()));
        }
    }

    @Test
    void anAllowedOriginsPreflightIsAnsweredAndItsPagesMayReadTheAnswers() throws Exception {
        try (McpHttpEndpoint web = server.serveHttp(McpHttpOptions.loopback(0).allowOrigin("http://localhost:6274"))) {
            HttpResponse<String> preflight = http.send(HttpRequest.newBuilder(web.url())
                    .header("Origin", "http://localhost:6274")
                    .header("Access-Control-Request-Method", "POST")
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(204, preflight.statusCode());
            assertTrue(preflight.headers().firstValue("Access-Control-Allow-Headers").orElse("").contains("Authorization"));

            HttpResponse<String> post = http.send(HttpRequest.newBuilder(web.url())
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json, text/event-stream")
                    .header("Origin", "http://localhost:6274")
                    .header("Authorization", "Bearer " + web.token())
                    .POST(HttpRequest.BodyPublishers.ofString(INITIALIZE)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, post.statusCode(), post.body());
            assertEquals("http://localhost:6274", post.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
        }
    }

    /** The status line of an initialize sent with this Host header (java.net.http sets Host itself). */
    private static String statusLine(McpHttpEndpoint target, String host) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", target.url().getPort())) {
            byte[] body = INITIALIZE.getBytes(StandardCharsets.UTF_8);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /mcp HTTP/1.1\r\n"
                    + "Host: " + host + "\r\n"
                    + "Authorization: Bearer " + target.token() + "\r\n"
                    + "Content-Type: application/json\r\n"
                    + "Accept: application/json, text/event-stream\r\n"
                    + "Content-Length: " + body.length + "\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
        }
    }

    private HttpRequest.Builder request() {
        return HttpRequest.newBuilder(endpoint.url())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(INITIALIZE));
    }

    private HttpResponse<String> post(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
