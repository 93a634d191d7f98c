package dev.sandboxes.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sandboxes.SandboxManager;
import dev.sandboxes.Sandboxes;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import io.modelcontextprotocol.spec.McpStreamableServerTransportProvider;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import java.io.BufferedInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Sandboxes as Model Context Protocol tools: open a workspace's sandbox, run commands (streaming
 * their output as progress, killed on cancellation), read, write and edit files, see a branch's
 * changes, checkpoint. Any MCP client can use it, over stdio or Streamable HTTP, within the
 * operator's {@link McpPolicy}; it works on whatever runtime its {@link SandboxManager} has.
 *
 * <pre>{@code
 * SandboxMcpServer server = SandboxMcpServer.builder(McpPolicy.builder(Path.of("/home/me/src")).build()).build();
 * server.serveStdio();                                          // until the client closes its end
 * // or
 * McpHttpEndpoint http = server.serveHttp(McpHttpOptions.loopback(8765));
 * System.out.println(http.url() + " token " + http.token());
 * }</pre>
 *
 * <p>{@link #close()} kills the commands still running and applies {@link McpPolicy#onServerStop()}
 * to the sandboxes this server opened.
 */
public final class SandboxMcpServer implements AutoCloseable {

    static final String INSTRUCTIONS = "Isolated sandboxes for coding work, one per workspace folder. Start with "
            + "sandbox_open on the project folder (an absolute path); pass the id it returns as 'sandbox' to the other "
            + "tools. Commands run as a non-root user inside the sandbox, in the workspace, which is the user's folder "
            + "mounted at the same path; the rest of the sandbox is its own. Use 'branch' to work on a git branch in a "
            + "worktree, and sandbox_diff to see what changed.";

    private final SandboxAccess access;
    private final RunningCalls calls = new RunningCalls();
    private final ToolCatalog catalog;
    private final SandboxResources resources;
    private final JacksonMcpJsonMapper jsonMapper = new JacksonMcpJsonMapper(new ObjectMapper());
    private final List<McpSyncServer> servers = new CopyOnWriteArrayList<>();
    private final List<AutoCloseable> endpoints = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    private SandboxMcpServer(Builder builder) {
        this.access = new SandboxAccess(builder.manager, builder.policy);
        this.catalog = new ToolCatalog(access, calls);
        this.resources = new SandboxResources(access);
    }

    /** A server with this policy, on the default runtime unless {@link Builder#manager} says otherwise. */
    public static Builder builder(McpPolicy policy) {
        return new Builder(policy);
    }

    public McpPolicy policy() {
        return access.policy();
    }

    /**
     * Serves one client on this process's standard input and output until the client closes its end
     * of the input, then stops (see {@link #close()}). Standard output carries the protocol and
     * nothing else: {@code System.out} is pointed at standard error first, so that a stray print (of
     * this program or of a library) cannot corrupt the stream.
     */
    public void serveStdio() throws InterruptedException {
        PrintStream protocol = System.out;
        System.setOut(System.err);
        serveStdio(System.in, protocol);
    }

    /** Serves one client on these streams until its input ends, then stops (see {@link #close()}). */
    public void serveStdio(InputStream in, OutputStream out) throws InterruptedException {
        TappedInput input = new TappedInput(new BufferedInputStream(in), new JsonRpcTap(calls));
        build(new StdioServerTransportProvider(jsonMapper, input, out));
        try {
            input.awaitEnd();
        } finally {
            calls.endChannel(TappedInput.CHANNEL);
            close();
        }
    }

    /**
     * Serves Streamable HTTP clients until the endpoint (or this server) is closed; returns once it
     * listens.
     */
    public McpHttpEndpoint serveHttp(McpHttpOptions options) {
        McpHttpEndpoint endpoint = McpHttpEndpoint.start(this, options, new JsonRpcTap(calls), calls, jsonMapper);
        endpoints.add(endpoint);
        return endpoint;
    }

    McpSyncServer build(McpServerTransportProvider transport) {
        McpSyncServer server = configure(McpServer.sync(transport)).build();
        servers.add(server);
        return server;
    }

    McpSyncServer build(McpStreamableServerTransportProvider transport) {
        McpSyncServer server = configure(McpServer.sync(transport)).build();
        servers.add(server);
        return server;
    }

    private <S extends McpServer.SyncSpecification<S>> McpServer.SyncSpecification<S> configure(
            McpServer.SyncSpecification<S> specification) {
        return specification
                .serverInfo("sandboxes", Sandboxes.version())
                .instructions(INSTRUCTIONS)
                .jsonMapper(jsonMapper)
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).resources(false, false).build())
                // Our own argument checks give the messages a model can act on (Args).
                .validateToolInputs(false)
                // Tool calls run at once on the transport's thread pool, so that a long command does
                // not hold up the calls behind it (and its cancellation can be read meanwhile).
                .immediateExecution(false)
                .tools(catalog.specifications())
                .resourceTemplates(resources.templates());
    }

    /** Kills running commands, closes transports, applies the policy's {@code onServerStop}. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        calls.cancelAll();
        for (AutoCloseable endpoint : endpoints) {
            try {
                endpoint.close();
            } catch (Exception ignored) {
                // Closing the others matters more.
            }
        }
        for (McpSyncServer server : servers) {
            server.closeGracefully();
        }
        access.shutdown();
    }

    /** Builds a {@link SandboxMcpServer}. */
    public static final class Builder {
        private final McpPolicy policy;
        private SandboxManager manager;

        private Builder(McpPolicy policy) {
            this.policy = Objects.requireNonNull(policy, "policy");
        }

        /** The sandboxes it serves ({@link Sandboxes#manager()}, the default runtime, by default). */
        public Builder manager(SandboxManager manager) {
            this.manager = Objects.requireNonNull(manager, "manager");
            return this;
        }

        public SandboxMcpServer build() {
            if (manager == null) {
                manager = Sandboxes.manager();
            }
            return new SandboxMcpServer(this);
        }
    }
}
