package dev.sandboxes.examples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * The MCP Java SDK's client on a real {@code sandbox mcp} process, over stdio or Streamable HTTP,
 * with what the SDK's client lacks for tests: the id of a tool call it sent, and a way to send
 * {@code notifications/cancelled} for it.
 */
final class McpCliClient implements AutoCloseable {

    private static final JacksonMcpJsonMapper JSON = new JacksonMcpJsonMapper(new ObjectMapper());

    private final McpSyncClient client;
    private final RecordingTransport transport;
    private final Process httpServer;
    private final String httpBase;
    private final String httpToken;
    final List<McpSchema.ProgressNotification> progress = new CopyOnWriteArrayList<>();

    private McpCliClient(McpClientTransport transport, Process httpServer, String httpBase, String httpToken) {
        this.transport = new RecordingTransport(transport);
        this.httpServer = httpServer;
        this.httpBase = httpBase;
        this.httpToken = httpToken;
        this.client = McpClient.sync(this.transport)
                .requestTimeout(Duration.ofMinutes(3))
                .progressConsumer(progress::add)
                .build();
        client.initialize();
    }

    /** {@code sandbox mcp ARGS} as a client process of this one, over its standard input and output. */
    static McpCliClient stdio(String... args) {
        List<String> command = CliProcess.command(concat("mcp", args));
        ServerParameters server = ServerParameters.builder(command.get(0)).args(command.subList(1, command.size())).build();
        StdioClientTransport transport = new StdioClientTransport(server, JSON);
        transport.setStdErrorHandler(line -> System.err.println("sandbox mcp: " + line));
        return new McpCliClient(transport, null, null, null);
    }

    /** {@code sandbox mcp --http 127.0.0.1:0 ARGS}, reached over Streamable HTTP with its token. */
    static McpCliClient http(String... args) throws IOException {
        String token = "test-token-" + Long.toHexString(System.nanoTime()) + "-0123456789";
        List<String> command = CliProcess.command(concat("mcp", concat("--http", concat("127.0.0.1:0",
                concat("--token", concat(token, args))))));
        Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader stderr = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
        String url = null;
        for (String line = stderr.readLine(); line != null; line = stderr.readLine()) {
            System.err.println(line);
            if (line.startsWith("sandbox mcp: serving ")) {
                url = line.substring("sandbox mcp: serving ".length()).strip();
                break;
            }
        }
        if (url == null) {
            process.destroyForcibly();
            throw new AssertionError("sandbox mcp --http did not say where it serves");
        }
        Thread drain = new Thread(() -> stderr.lines().forEach(System.err::println), "sandbox-mcp-stderr");
        drain.setDaemon(true);
        drain.start();
        String base = url.substring(0, url.length() - "/mcp".length());
        return new McpCliClient(httpTransport(base, token), process, base, token);
    }

    /** Another client of the same HTTP server, in a session of its own. */
    McpCliClient anotherClient() {
        if (httpBase == null) {
            throw new IllegalStateException("A stdio server has one client");
        }
        return new McpCliClient(httpTransport(httpBase, httpToken), null, httpBase, httpToken);
    }

    private static HttpClientStreamableHttpTransport httpTransport(String base, String token) {
        return HttpClientStreamableHttpTransport.builder(base)
                .endpoint("/mcp")
                .jsonMapper(JSON)
                .requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer " + token))
                .build();
    }

    McpSyncClient sdk() {
        return client;
    }

    McpSchema.CallToolResult call(String tool, Map<String, Object> arguments) {
        return client.callTool(new McpSchema.CallToolRequest(tool, arguments));
    }

    /** A call that must succeed: its structured result. */
    @SuppressWarnings("unchecked")
    Map<String, Object> ok(String tool, Map<String, Object> arguments) {
        McpSchema.CallToolResult result = call(tool, arguments);
        if (Boolean.TRUE.equals(result.isError())) {
            throw new AssertionError(tool + " failed: " + result.content());
        }
        return (Map<String, Object>) result.structuredContent();
    }

    /** A call that must fail: its message. */
    @SuppressWarnings("unchecked")
    String error(String tool, Map<String, Object> arguments) {
        McpSchema.CallToolResult result = call(tool, arguments);
        if (!Boolean.TRUE.equals(result.isError())) {
            throw new AssertionError(tool + " should have failed: " + result.structuredContent());
        }
        return (String) ((Map<String, Object>) result.structuredContent()).get("error");
    }

    /** A call on its way: its JSON-RPC id and its result to come. */
    record RunningCall(Object id, CompletableFuture<McpSchema.CallToolResult> result) {
    }

    /** Starts a call with a progress token and returns once it is sent. */
    RunningCall start(String tool, Map<String, Object> arguments, String progressToken) throws Exception {
        CompletableFuture<Object> sent = new CompletableFuture<>();
        transport.nextToolCall = sent;
        CompletableFuture<McpSchema.CallToolResult> result = CompletableFuture.supplyAsync(() -> client.callTool(
                new McpSchema.CallToolRequest(tool, arguments, Map.of("progressToken", progressToken))));
        return new RunningCall(sent.get(30, TimeUnit.SECONDS), result);
    }

    /** Cancels a call, as a client does: {@code notifications/cancelled}. */
    void cancel(RunningCall call) {
        transport.delegate.sendMessage(new McpSchema.JSONRPCNotification("2.0", "notifications/cancelled",
                Map.of("requestId", call.id(), "reason", "the test cancels it"))).block();
    }

    /** The server's process, for HTTP (stdio's belongs to the SDK's transport). */
    Process httpServer() {
        return httpServer;
    }

    @Override
    public void close() throws InterruptedException {
        client.closeGracefully();
        if (httpServer != null) {
            httpServer.destroy();
            if (!httpServer.waitFor(1, TimeUnit.MINUTES)) {
                httpServer.destroyForcibly();
            }
        }
    }

    private static String[] concat(String first, String... rest) {
        List<String> all = new ArrayList<>();
        all.add(first);
        all.addAll(List.of(rest));
        return all.toArray(String[]::new);
    }

    /** A transport that tells the id of the next {@code tools/call} it sends. */
    private static final class RecordingTransport implements McpClientTransport {
        private final McpClientTransport delegate;
        private volatile CompletableFuture<Object> nextToolCall = new CompletableFuture<>();

        RecordingTransport(McpClientTransport delegate) {
            this.delegate = delegate;
        }

        @Override
        public Mono<Void> connect(Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>> handler) {
            return delegate.connect(handler);
        }

        @Override
        public void setExceptionHandler(Consumer<Throwable> handler) {
            delegate.setExceptionHandler(handler);
        }

        @Override
        public Mono<Void> closeGracefully() {
            return delegate.closeGracefully();
        }

        @Override
        public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
            if (message instanceof McpSchema.JSONRPCRequest request && request.method().equals("tools/call")) {
                nextToolCall.complete(request.id());
            }
            return delegate.sendMessage(message);
        }

        @Override
        public <T> T unmarshalFrom(Object data, TypeRef<T> type) {
            return delegate.unmarshalFrom(data, type);
        }

        @Override
        public List<String> protocolVersions() {
            return delegate.protocolVersions();
        }
    }
}
