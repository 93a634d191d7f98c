package dev.sandboxes.examples.cli;

import dev.sandboxes.mcp.McpHttpEndpoint;
import dev.sandboxes.mcp.McpHttpOptions;
import dev.sandboxes.mcp.McpPolicy;
import dev.sandboxes.mcp.SandboxMcpServer;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sandbox mcp}: the sandboxes as MCP tools, over stdio (for {@code claude mcp add sandboxes --
 * sandbox mcp}) or Streamable HTTP ({@code --http 127.0.0.1:8765}).
 */
@Command(name = "mcp", mixinStandardHelpOptions = true,
        description = {"Serve sandboxes as Model Context Protocol tools to an agent: over stdio by default, or over"
                + " Streamable HTTP with --http.",
                "Clients may open workspaces under the --root folders only (the current folder by default), without"
                + " root, the Docker socket or an open network unless allowed here."})
final class McpCommand implements Callable<Integer> {

    /** The real standard output, kept for the protocol by {@link SandboxCli#main} before anything ran. */
    static volatile PrintStream protocolOut = System.out;

    @Option(names = "--root", paramLabel = "DIR", description = "A folder under which workspaces may be opened"
            + " (repeatable; the current folder by default).")
    List<Path> roots = new ArrayList<>();

    @Option(names = "--agents", split = ",", paramLabel = "NAME", description = "Only these agents (all built-in ones"
            + " by default).")
    List<String> agents = new ArrayList<>();

    @Option(names = "--templates", split = ",", paramLabel = "IMAGE", description = "Also allow these images as templates.")
    List<String> templates = new ArrayList<>();

    @Option(names = "--allow-sudo", description = "Let clients have root: sandboxes with sudo, commands as root.")
    boolean allowSudo;

    @Option(names = "--allow-docker-socket", description = "Let clients mount the host's Docker socket.")
    boolean allowDockerSocket;

    @Option(names = "--allow-open-network", description = "Let clients ask for an open network (the agent's allow-list"
            + " otherwise).")
    boolean allowOpenNetwork;

    @Option(names = "--max-sandboxes", paramLabel = "N", description = "At most N sandboxes running at once (default 5).")
    Integer maxSandboxes;

    @Option(names = "--idle-stop", paramLabel = "DURATION", description = "Stop a sandbox after this long without a"
            + " command (default 30m).")
    String idleStop;

    @Option(names = "--on-exit", paramLabel = "ACTION", description = "What to do with the sandboxes this server opened"
            + " when it exits: ${COMPLETION-CANDIDATES} (default STOP).")
    McpPolicy.OnServerStop onExit;

    @Option(names = "--http", paramLabel = "[HOST:]PORT", description = "Serve Streamable HTTP on this address"
            + " (127.0.0.1 unless a host is given) instead of stdio.")
    String http;

    @Option(names = "--token", paramLabel = "TOKEN", description = "The bearer token HTTP clients must send (generated"
            + " and printed when not given; SANDBOX_MCP_TOKEN is read too).")
    String token;

    @Option(names = "--allow-origin", paramLabel = "ORIGIN", description = "Accept HTTP requests from pages of this"
            + " origin, such as http://localhost:6274 (repeatable).")
    List<String> origins = new ArrayList<>();

    @Option(names = "--allow-host", paramLabel = "HOST", description = "Accept this Host header too (repeatable).")
    List<String> hosts = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        SandboxMcpServer server = SandboxMcpServer.builder(policy()).build();
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "sandbox-mcp-shutdown"));
        if (http == null) {
            server.serveStdio(System.in, protocolOut);
            return 0;
        }
        McpHttpEndpoint endpoint = server.serveHttp(httpOptions());
        System.err.println("sandbox mcp: serving " + endpoint.url());
        System.err.println("sandbox mcp: Authorization: Bearer " + endpoint.token());
        new CountDownLatch(1).await();
        return 0;
    }

    private McpPolicy policy() {
        List<Path> allowed = roots.isEmpty() ? List.of(Path.of("").toAbsolutePath()) : roots;
        McpPolicy.Builder policy = McpPolicy.builder(allowed.toArray(Path[]::new))
                .allowRoot(allowSudo)
                .allowDockerSocket(allowDockerSocket)
                .allowOpenNetwork(allowOpenNetwork)
                .templates(templates.toArray(String[]::new));
        if (!agents.isEmpty()) {
            policy.agents(agents.toArray(String[]::new));
        }
        if (maxSandboxes != null) {
            policy.maxOpenSandboxes(maxSandboxes);
        }
        if (idleStop != null) {
            policy.idleStop(OptionValues.duration("--idle-stop", idleStop));
        }
        if (onExit != null) {
            policy.onServerStop(onExit);
        }
        return policy.build();
    }

    private McpHttpOptions httpOptions() {
        int colon = http.lastIndexOf(':');
        String host = colon < 0 ? "127.0.0.1" : http.substring(0, colon);
        int port;
        try {
            port = Integer.parseInt(http.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new OptionValues.BadValueException("--http takes [HOST:]PORT, such as 127.0.0.1:8765; '" + http
                    + "' has no port number.");
        }
        McpHttpOptions options = McpHttpOptions.on(host, port);
        String given = token != null ? token : System.getenv("SANDBOX_MCP_TOKEN");
        if (given != null) {
            options = options.token(given);
        }
        for (String origin : origins) {
            options = options.allowOrigin(origin);
        }
        for (String allowedHost : hosts) {
            options = options.allowHost(allowedHost);
        }
        return options;
    }
}
