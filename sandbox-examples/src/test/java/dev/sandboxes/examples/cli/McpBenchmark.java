package dev.sandboxes.examples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sandboxes.Sandbox;
import dev.sandboxes.Sandboxes;
import dev.sandboxes.core.SandboxSummary;
import dev.sandboxes.network.NetworkPolicy;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Measures what the MCP server adds to a command: one {@code sandbox_exec} of {@code echo} through
 * {@code sandbox mcp} over stdio, against the same {@code exec} through the library in this JVM, on
 * the same sandbox, interleaved, and prints medians (and p90s), the ratio and the milliseconds added.
 * Not a test: the machines are noisy, so figures are read as a ratio within one run, never asserted.
 *
 * <pre>{@code
 * scripts/benchmark.sh                        # builds, runs LifecycleBenchmark, then this class
 * scripts/benchmark.sh -Dbench.only=mcp       # only this line
 * scripts/benchmark.sh -Dbench.only=mcp -Dbench.mcp=300   # calls per side (100 by default)
 * }</pre>
 *
 * The MCP side is what an agent pays per call beyond the command: the JSON-RPC request and answer
 * through the server's pipes, JSON on both ends, and what the server does for every call before and
 * after the exec (finding the sandbox, checking it against its policy, watching for cancellation).
 * The server's start and the {@code initialize} handshake happen once per session and are not
 * counted. Needs the CLI's jar ({@code sandbox-examples/target/sandbox.jar}, made by
 * {@code package}), a Docker engine and the test template (scripts/build-test-template.sh).
 */
public final class McpBenchmark {

    private static final String TEMPLATE = "sandboxes/test-template:latest";
    private static final int ROUNDS = Integer.getInteger("bench.mcp", 100);
    /** Calls on each side before measuring: JIT on both ends, the server's and the engine's connections. */
    private static final int WARM_UP = 20;
    private static final String EXPECTED = "hi\n";

    private McpBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        // A root of its own, so the server may touch this benchmark's sandbox and nothing else.
        Path root = Files.createTempDirectory("sbx-bench-mcp-").toRealPath();
        Path workspace = Files.createDirectory(root.resolve("workspace"));
        Sandbox sandbox = null;
        McpSyncClient mcp = null;
        try {
            // Without sudo and without a network, as the server's own defaults would make it: a
            // server that does not allow root refuses sandboxes that give it.
            sandbox = Sandboxes.forWorkspace(workspace).template(TEMPLATE).network(NetworkPolicy.none()).sudo(false).open();
            mcp = stdioClient(root);
            McpSchema.InitializeResult server = mcp.initialize();
            System.out.printf(Locale.ROOT, "MCP server %s %s, protocol %s, over stdio, template %s%n",
                    server.serverInfo().name(), server.serverInfo().version(), server.protocolVersion(), TEMPLATE);
            measure(sandbox, mcp);
        } finally {
            if (mcp != null) {
                // Closing stdin ends the server, which removes what it opened (--on-exit remove): nothing here.
                mcp.closeGracefully();
            }
            if (sandbox != null) {
                sandbox.remove();
            }
            cleanUp(root, workspace);
        }
    }

    private static void measure(Sandbox sandbox, McpSyncClient mcp) {
        Supplier<String> library = () -> sandbox.exec("echo", "hi").stdout();
        Map<String, Object> arguments = Map.of("sandbox", sandbox.id(), "command", List.of("echo", "hi"));
        Supplier<String> overMcp = () -> stdout(mcp.callTool(new McpSchema.CallToolRequest("sandbox_exec", arguments)));

        for (int i = 0; i < WARM_UP; i++) {
            time(library);
            time(overMcp);
        }
        long[] libraryTimes = new long[ROUNDS];
        long[] mcpTimes = new long[ROUNDS];
        // Alternating which goes first, so noise and any after-effect of the other call hit both sides.
        for (int i = 0; i < ROUNDS; i++) {
            if (i % 2 == 0) {
                libraryTimes[i] = time(library);
                mcpTimes[i] = time(overMcp);
            } else {
                mcpTimes[i] = time(overMcp);
                libraryTimes[i] = time(library);
            }
        }

        double viaMcp = median(mcpTimes) / 1e6;
        double direct = median(libraryTimes) / 1e6;
        System.out.printf(Locale.ROOT, "%-36s mcp %8.2f ms   library %8.2f ms   ratio %5.2fx   added %+8.2f ms%n",
                "sandbox_exec over MCP stdio vs exec", viaMcp, direct, viaMcp / direct, viaMcp - direct);
        System.out.printf(Locale.ROOT, "%-36s mcp %8.2f ms   library %8.2f ms   (%d calls each)%n",
                "  p90", p90(mcpTimes) / 1e6, p90(libraryTimes) / 1e6, ROUNDS);
    }

    /** The SDK's client on {@code sandbox mcp}, the CLI's jar run as an editor would run it. */
    private static McpSyncClient stdioClient(Path root) throws Exception {
        Path jar = cliJar();
        ServerParameters server = ServerParameters.builder(Path.of(System.getProperty("java.home"), "bin", "java").toString())
                .args("-jar", jar.toString(), "mcp", "--root", root.toString(), "--templates", TEMPLATE, "--on-exit", "remove")
                .build();
        StdioClientTransport transport = new StdioClientTransport(server, new JacksonMcpJsonMapper(new ObjectMapper()));
        transport.setStdErrorHandler(line -> System.err.println("sandbox mcp: " + line));
        return McpClient.sync(transport).requestTimeout(Duration.ofMinutes(1)).build();
    }

    /**
     * {@code target/sandbox.jar} of this module, found from where this class was loaded
     * ({@code target/test-classes}): exec:java runs in Maven's JVM, whose working folder is wherever
     * Maven was started, so {@link CliProcess#JAR} (relative to the module) would miss it.
     */
    private static Path cliJar() throws Exception {
        Path testClasses = Path.of(McpBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path jar = testClasses.resolveSibling("sandbox.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: package sandbox-examples first (scripts/benchmark.sh does)");
        }
        return jar;
    }

    private static String stdout(McpSchema.CallToolResult result) {
        if (Boolean.TRUE.equals(result.isError())) {
            throw new IllegalStateException("sandbox_exec failed: " + result.content());
        }
        return (String) ((Map<?, ?>) result.structuredContent()).get("stdout");
    }

    /** One call's time; its output is checked after the clock stops, so a broken path cannot look fast. */
    private static long time(Supplier<String> call) {
        long start = System.nanoTime();
        String stdout = call.get();
        long elapsed = System.nanoTime() - start;
        if (!EXPECTED.equals(stdout)) {
            throw new IllegalStateException("echo printed '" + stdout + "', not '" + EXPECTED + "'");
        }
        return elapsed;
    }

    private static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2.0;
    }

    /** The nearest-rank 90th percentile. */
    private static double p90(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.ceil(0.9 * sorted.length) - 1];
    }

    /** Whatever is still open under the root (nothing, when all went well), then the folders. */
    private static void cleanUp(Path root, Path workspace) {
        for (SandboxSummary left : Sandboxes.list()) {
            if (left.workspace().startsWith(root)) {
                Sandboxes.remove(left.id());
            }
        }
        try {
            Files.deleteIfExists(workspace);
            Files.deleteIfExists(root);
        } catch (Exception ignored) {
            // A leftover empty temporary folder harms nothing.
        }
    }
}
