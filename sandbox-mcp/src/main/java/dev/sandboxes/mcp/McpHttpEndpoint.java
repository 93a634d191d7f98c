package dev.sandboxes.mcp;

import dev.sandboxes.errors.SandboxException;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import jakarta.servlet.DispatcherType;
import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A running Streamable HTTP endpoint of a {@link SandboxMcpServer}: its URL and bearer token.
 * Closing it stops listening and ends its sessions (their commands are killed).
 *
 * <p>The SDK's transport is a servlet and brings no server: embedded Jetty 12 serves it. Jetty
 * supports the servlet's asynchronous streams as the SDK needs them, starts in milliseconds, and
 * is a few jars with no dependencies of their own beyond SLF4J, which this library uses already.
 *
 * <pre>{@code
 * try (McpHttpEndpoint http = server.serveHttp(McpHttpOptions.loopback(0))) {
 *     System.err.println(http.url() + "  Authorization: Bearer " + http.token());
 * }
 * }</pre>
 */
public final class McpHttpEndpoint implements AutoCloseable {

    /** The path the MCP endpoint answers on. */
    public static final String PATH = "/mcp";
    /** The largest JSON-RPC message a client may send (file_write's content, base64, fits). */
    static final int MAX_MESSAGE = 16 * 1024 * 1024;

    private final Server jetty;
    private final McpSyncServer server;
    private final URI url;
    private final String token;

    private McpHttpEndpoint(Server jetty, McpSyncServer server, URI url, String token) {
        this.jetty = jetty;
        this.server = server;
        this.url = url;
        this.token = token;
    }

    static McpHttpEndpoint start(SandboxMcpServer owner, McpHttpOptions options, JsonRpcTap tap, RunningCalls calls,
                                 McpJsonMapper jsonMapper) {
        String token = options.token().orElseGet(McpHttpOptions::generateToken);
        HttpServletStreamableServerTransportProvider transport = HttpServletStreamableServerTransportProvider.builder()
                .jsonMapper(jsonMapper)
                .mcpEndpoint(PATH)
                .keepAliveInterval(Duration.ofSeconds(30))
                .maxRequestSize(MAX_MESSAGE)
                .build();
        McpSyncServer server = owner.build(transport);

        Server jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost(options.host());
        connector.setPort(options.port());
        // Long commands send nothing for a while: the connection's idle time is the command's to use.
        connector.setIdleTimeout(Duration.ofHours(25).toMillis());
        jetty.addConnector(connector);
        try {
            // Bound before the filters are made: the Host allow list holds the port.
            connector.open();
        } catch (Exception e) {
            server.close();
            throw new SandboxException("The MCP server could not listen on " + options.host() + ":" + options.port()
                    + ": " + e.getMessage() + ". Choose another port, or 0 for any free one.", e);
        }
        int port = connector.getLocalPort();
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        FilterHolder guard = new FilterHolder(new HttpGuardFilter(options.hostsFor(port), options.allowedOrigins(), token));
        guard.setAsyncSupported(true);
        context.addFilter(guard, "/*", EnumSet.of(DispatcherType.REQUEST));
        FilterHolder tapFilter = new FilterHolder(new HttpTapFilter(tap, calls, MAX_MESSAGE));
        tapFilter.setAsyncSupported(true);
        context.addFilter(tapFilter, PATH, EnumSet.of(DispatcherType.REQUEST));
        ServletHolder servlet = new ServletHolder(transport);
        servlet.setAsyncSupported(true);
        context.addServlet(servlet, PATH);
        jetty.setHandler(context);
        try {
            jetty.start();
        } catch (Exception e) {
            server.close();
            try {
                jetty.stop();
            } catch (Exception ignored) {
                // The start's failure is the one to report.
            }
            throw new SandboxException("The MCP server's HTTP endpoint did not start: " + e.getMessage(), e);
        }
        String host = McpHttpOptions.bracketed(options.host());
        return new McpHttpEndpoint(jetty, server, URI.create("http://" + host + ":" + port + PATH), token);
    }

    /** The endpoint's URL, such as {@code http://127.0.0.1:8765/mcp}. */
    public URI url() {
        return url;
    }

    /** The bearer token every request must carry. */
    public String token() {
        return token;
    }

    @Override
    public void close() {
        server.closeGracefully();
        try {
            jetty.stop();
        } catch (Exception e) {
            throw new SandboxException("The MCP server's HTTP endpoint did not stop cleanly: " + e.getMessage(), e);
        }
    }
}
