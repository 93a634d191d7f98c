package dev.sandboxes.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import dev.sandboxes.Sandbox;
import dev.sandboxes.SandboxBuilder;
import dev.sandboxes.Sandboxes;
import dev.sandboxes.core.SandboxListener;
import dev.sandboxes.exec.ExecListener;
import dev.sandboxes.exec.ExecRequest;
import dev.sandboxes.exec.ExecResult;
import dev.sandboxes.network.NetworkPolicy;
import dev.sandboxes.spi.RuntimeConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Measures the library against raw docker-java in one run, interleaved, on the same engine, image
 * and mount, and prints medians and ratios with the targets of the "Core I" issue. Not a test: the
 * machines are noisy, so figures are read as ratios, never asserted.
 *
 * <pre>{@code
 * scripts/benchmark.sh                          # builds, then runs this class
 * scripts/benchmark.sh -Dbench.only=open-network  # only these lines, by name, comma-separated
 * }</pre>
 *
 * Lines by name: {@code cold}, {@code warm}, {@code exec}, {@code concurrent}, {@code stream},
 * {@code copy}, {@code open-network}, {@code inject} (an HTTPS request through a credential rule
 * against the same request tunnelled; {@code -Dbench.inject=N} requests per round).
 */
public final class LifecycleBenchmark {

    private static final int COLD_ROUNDS = Integer.getInteger("bench.cold", 15);
    private static final int WARM_ROUNDS = Integer.getInteger("bench.warm", 300);
    private static final int EXEC_ROUNDS = Integer.getInteger("bench.exec", 100);
    private static final int NETWORK_ROUNDS = Integer.getInteger("bench.network", 15);
    private static final Set<String> LINES = Set.of("cold", "warm", "exec", "concurrent", "stream", "copy", "open-network",
            "inject");
    /** The lines to measure ({@code bench.only}, comma-separated names); all when empty. */
    private static final Set<String> ONLY = Arrays.stream(System.getProperty("bench.only", "").split(","))
            .map(String::strip).filter(name -> !name.isBlank()).collect(Collectors.toUnmodifiableSet());

    private static final int INJECT_ROUNDS = Integer.getInteger("bench.inject", 200);
    private final DockerClient raw;
    private final DockerSandboxRuntime runtime;
    private final List<Path> workspaces = new ArrayList<>();

    private LifecycleBenchmark() {
        // Two separate clients, so neither benefits from the other's warm connections.
        this.raw = EngineConnection.open(new DockerEndpointResolver(RuntimeConfig.fromHost()).resolve()).client();
        this.runtime = (DockerSandboxRuntime) Sandboxes.runtime();
    }

    public static void main(String[] args) throws Exception {
        LifecycleBenchmark benchmark = new LifecycleBenchmark();
        try {
            benchmark.run();
        } finally {
            benchmark.cleanUp();
        }
    }

    private void run() throws Exception {
        if (!LINES.containsAll(ONLY)) {
            throw new IllegalArgumentException("bench.only names " + ONLY + "; the lines are " + LINES);
        }
        System.out.printf(Locale.ROOT, "Docker %s, API %s, template %s%n", runtime.engineVersion(), runtime.apiVersion(),
                DockerTestSupport.TEMPLATE);
        if (selected("cold")) {
            // Warm-up: JIT, connection pools, image layers in the page cache.
            coldRound(3, new long[3], new long[3], new long[3]);

            long[] rawCold = new long[COLD_ROUNDS];
            long[] rawColdWithFiles = new long[COLD_ROUNDS];
            long[] libCold = new long[COLD_ROUNDS];
            coldRound(COLD_ROUNDS, rawCold, rawColdWithFiles, libCold);
            report("cold open() vs raw create+start", libCold, rawCold, 1.15);
            // The same engine work as open(): the agent's files written into the created container.
            report("cold open() vs raw create+files+start", libCold, rawColdWithFiles, 1.15);
        }

        if (selected("open-network")) {
            openNetwork();
        }
        if (selected("inject")) {
            injection();
        }

        if (!(selected("warm") || selected("exec") || selected("concurrent") || selected("stream") || selected("copy"))) {
            return;
        }
        Path workspace = newWorkspace();
        try (Sandbox sandbox = Sandboxes.forWorkspace(workspace).template(DockerTestSupport.TEMPLATE).runtime(runtime).open()) {
            if (selected("warm")) {
                long[] rawWarm = new long[WARM_ROUNDS];
                long[] libWarm = new long[WARM_ROUNDS];
                interleave(WARM_ROUNDS, rawWarm, libWarm, 50,
                        () -> raw.inspectContainerCmd(sandbox.id()).exec(),
                        () -> {
                            try (Sandbox again = Sandboxes.forWorkspace(workspace).runtime(runtime).open()) {
                                return again.id();
                            }
                        });
                report("warm open() vs one raw inspect", libWarm, rawWarm, 3.0);
            }

            if (selected("exec")) {
                long[] rawExec = new long[EXEC_ROUNDS];
                long[] libExec = new long[EXEC_ROUNDS];
                interleave(EXEC_ROUNDS, rawExec, libExec, 20,
                        () -> rawExec(sandbox.id(), workspace.toString()),
                        () -> sandbox.exec("echo", "hi").stdout());
                report("exec(\"echo\",\"hi\") vs raw exec", libExec, rawExec, 1.10);
            }

            if (selected("concurrent")) {
                int rounds = Integer.getInteger("bench.concurrent", 15);
                long[] rawConcurrent = new long[rounds];
                long[] libConcurrent = new long[rounds];
                interleave(rounds, rawConcurrent, libConcurrent, 2,
                        () -> concurrently(20, () -> rawExec(sandbox.id(), workspace.toString())),
                        () -> concurrently(20, () -> sandbox.exec("echo", "hi").stdout()));
                report("20 concurrent execs vs raw", libConcurrent, rawConcurrent, 1.15);
            }

            if (!(selected("stream") || selected("copy"))) {
                return;
            }
            sandbox.exec(ExecRequest.shell("head -c 67108864 /dev/urandom > /tmp/bench-64m")).orThrow();
            int streams = Integer.getInteger("bench.stream", 5);
            if (selected("stream")) {
                long[] rawStream = new long[streams];
                long[] libStream = new long[streams];
                interleave(streams, rawStream, libStream, 1,
                        () -> rawStreamOut(sandbox.id(), "cat /tmp/bench-64m"),
                        () -> libraryStreamOut(sandbox, "cat /tmp/bench-64m"));
                reportThroughput("64 MiB streamed out of an exec", libStream, rawStream, 0.9);
            }

            if (selected("copy")) {
                long[] rawCopy = new long[streams];
                long[] libCopy = new long[streams];
                interleave(streams, rawCopy, libCopy, 1,
                        () -> rawCopyOut(sandbox.id(), "/tmp/bench-64m"),
                        () -> libraryCopyOut(sandbox, "/tmp/bench-64m"));
                reportSpeedup("copy 64 MiB out vs docker-java's default", libCopy, rawCopy, 5.0);
            }
        }
    }

    private static boolean selected(String line) {
        return ONLY.isEmpty() || ONLY.contains(line);
    }

    /**
     * What the default network costs a cold open: {@code open()} with the default policy (an
     * internal network and an egress proxy made and started for the sandbox) against
     * {@code direct()} (neither), on fresh workspaces, same template, in alternating order. The
     * templates (the sandbox's and the proxy's) are built before, by the warm-up, and not counted.
     * The host's addresses, which an open policy's proxy refuses, are read once per runtime and
     * again every five minutes: most rounds do not pay for that, as most opens of a long-lived JVM
     * do not.
     */
    private void openNetwork() throws Exception {
        for (int i = 0; i < 2; i++) {
            timeLibraryOpen(newWorkspace(), null);
            timeLibraryOpen(newWorkspace(), NetworkPolicy.direct());
        }
        long[] proxied = new long[NETWORK_ROUNDS];
        long[] direct = new long[NETWORK_ROUNDS];
        for (int i = 0; i < NETWORK_ROUNDS; i++) {
            Path proxiedWorkspace = newWorkspace();
            Path directWorkspace = newWorkspace();
            if (i % 2 == 0) {
                proxied[i] = timeLibraryOpen(proxiedWorkspace, null);
                direct[i] = timeLibraryOpen(directWorkspace, NetworkPolicy.direct());
            } else {
                direct[i] = timeLibraryOpen(directWorkspace, NetworkPolicy.direct());
                proxied[i] = timeLibraryOpen(proxiedWorkspace, null);
            }
        }
        double withProxy = median(proxied) / 1e6;
        double without = median(direct) / 1e6;
        System.out.printf(Locale.ROOT, "%-36s default %8.2f ms   direct %8.2f ms   ratio %5.2fx   added %+8.2f ms%n",
                "cold open, default network vs direct", withProxy, without, withProxy / without, withProxy - without);
    }

    /**
     * What a credential rule costs an HTTPS request: the same request (GET, a small JSON answer) from
     * the sandbox to a stand-in server through the egress proxy, decrypted and injected for one host
     * name, tunnelled untouched for another name of the same server. Measured inside the sandbox, in
     * alternating rounds: the latency of a request on a new connection (CONNECT, TLS, request), and
     * requests per second on one kept-alive connection.
     */
    private void injection() throws Exception {
        String api = CredentialInjectionIT.API;
        String other = CredentialInjectionIT.OTHER;
        try (HttpsStandIn standIn = HttpsStandIn.start(List.of(), api, other)) {
            Path workspace = newWorkspace();
            try (Sandbox sandbox = Sandboxes.forWorkspace(workspace).template(dev.sandboxes.templates.Template.builtIn("base"))
                    .templateSettings(BuiltInTemplatesIT.settings()).runtime(runtime)
                    .network(NetworkPolicy.open().andAllow(api, other))
                    .trustUpstreamCertificates(standIn.caFile(workspace))
                    .credential(dev.sandboxes.network.CredentialRule.header(api, "x-api-key", "{secret}", dev.sandboxes.network.Secret.of("sk-bench")))
                    .open()) {
                sandbox.writeFile("/tmp/stand-in-ca.pem", standIn.caPem().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                String script = String.join("\n",
                        "import http.client, ssl, statistics, sys, time",
                        "api, other, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])",
                        "contexts = {api: ssl.create_default_context(), other: ssl.create_default_context(cafile='/tmp/stand-in-ca.pem')}",
                        "def connect(host):",
                        "    c = http.client.HTTPSConnection('egress-proxy', 3128, context=contexts[host]); c.set_tunnel(host, 443); return c",
                        "def ask(c):",
                        "    c.request('GET', '/v1/bench', headers={'x-api-key': 'placeholder'}); r = c.getresponse(); r.read()",
                        "    assert r.status == 200, r.status",
                        "def fresh(host):",
                        "    t = time.perf_counter(); c = connect(host); ask(c); c.close(); return time.perf_counter() - t",
                        "def kept(host, n):",
                        "    c = connect(host); ask(c); t = time.perf_counter()",
                        "    for i in range(n): ask(c)",
                        "    rate = n / (time.perf_counter() - t); c.close(); return rate",
                        "for host in (api, other): fresh(host); fresh(host)",
                        "times = {api: [], other: []}",
                        "for i in range(rounds):",
                        "    for host in ((api, other) if i % 2 == 0 else (other, api)): times[host].append(fresh(host))",
                        "rates = {api: [], other: []}",
                        "for i in range(5):",
                        "    for host in ((api, other) if i % 2 == 0 else (other, api)): rates[host].append(kept(host, rounds))",
                        "print(statistics.median(times[api]) * 1000, statistics.median(times[other]) * 1000,",
                        "      statistics.median(rates[api]), statistics.median(rates[other]))");
                ExecResult measured = sandbox.exec(dev.sandboxes.exec.ExecRequest.of("python3", "-c", script, api, other,
                        String.valueOf(INJECT_ROUNDS)).withTimeout(java.time.Duration.ofMinutes(5)));
                if (measured.exitCode() != 0) {
                    throw new IllegalStateException("The injection benchmark failed: " + measured.stderr());
                }
                String[] figures = measured.stdout().strip().split("\\s+");
                double injected = Double.parseDouble(figures[0]);
                double tunnelled = Double.parseDouble(figures[1]);
                System.out.printf(Locale.ROOT, "%-36s injected %8.2f ms   tunnelled %8.2f ms   ratio %5.2fx   added %+8.2f ms%n",
                        "HTTPS request on a new connection", injected, tunnelled, injected / tunnelled, injected - tunnelled);
                System.out.printf(Locale.ROOT, "%-36s injected %8.1f req/s tunnelled %8.1f req/s ratio %5.2fx%n",
                        "HTTPS requests on one connection", Double.parseDouble(figures[2]), Double.parseDouble(figures[3]),
                        Double.parseDouble(figures[2]) / Double.parseDouble(figures[3]));
            } finally {
                Files.deleteIfExists(workspace.resolve("stand-in-ca.pem"));
            }
        }
    }

    private static Object concurrently(int count, Supplier<?> call) {
        List<java.util.concurrent.CompletableFuture<?>> running = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            running.add(java.util.concurrent.CompletableFuture.supplyAsync(call, CONCURRENT));
        }
        running.forEach(java.util.concurrent.CompletableFuture::join);
        return null;
    }

    private static final java.util.concurrent.ExecutorService CONCURRENT = java.util.concurrent.Executors.newFixedThreadPool(20, r -> {
        Thread thread = new Thread(r, "bench-concurrent");
        thread.setDaemon(true);
        return thread;
    });

    private long rawStreamOut(String containerId, String script) {
        String execId = raw.execCreateCmd(containerId).withCmd("sh", "-c", script).withAttachStdout(true)
                .withAttachStderr(true).exec().getId();
        long[] bytes = {0};
        try {
            raw.execStartCmd(execId).exec(new ResultCallback.Adapter<Frame>() {
                @Override
                public void onNext(Frame frame) {
                    bytes[0] += frame.getPayload().length;
                }
            }).awaitCompletion();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        check(bytes[0]);
        return bytes[0];
    }

    private static long libraryStreamOut(Sandbox sandbox, String script) {
        java.util.concurrent.atomic.AtomicLong bytes = new java.util.concurrent.atomic.AtomicLong();
        sandbox.exec(ExecRequest.shell(script).withOutputLimit(0).withListener(new ExecListener() {
            @Override
            public void onStdout(byte[] chunk) {
                bytes.addAndGet(chunk.length);
            }
        })).orThrow();
        check(bytes.get());
        return bytes.get();
    }

    private long rawCopyOut(String containerId, String path) {
        try (java.io.InputStream in = raw.copyArchiveFromContainerCmd(containerId, path).exec()) {
            return in.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private long libraryCopyOut(Sandbox sandbox, String path) {
        try {
            Path target = newWorkspace().resolve("copied");
            sandbox.copyFrom(path, target);
            long size = Files.size(target);
            Files.delete(target);
            check(size);
            return size;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void check(long bytes) {
        if (bytes != 64L * 1024 * 1024) {
            throw new IllegalStateException("moved " + bytes + " bytes, not 64 MiB");
        }
    }

    /** Throughput ratio: library MiB/s over raw MiB/s (higher is better). */
    private static void reportThroughput(String what, long[] library, long[] raw, double atLeast) {
        double lib = 64 / (median(library) / 1e9);
        double base = 64 / (median(raw) / 1e9);
        double ratio = lib / base;
        System.out.printf(Locale.ROOT, "%-36s library %6.0f MiB/s raw %6.0f MiB/s ratio %5.2fx  target >= %.2fx  %s%n",
                what, lib, base, ratio, atLeast, ratio >= atLeast ? "OK" : "MISSED");
    }

    /** Speed-up: raw time over library time (higher is better). */
    private static void reportSpeedup(String what, long[] library, long[] raw, double atLeast) {
        double lib = median(library) / 1e6;
        double base = median(raw) / 1e6;
        double speedup = base / lib;
        System.out.printf(Locale.ROOT, "%-36s library %8.2f ms   raw %8.2f ms   %5.2fx faster  target >= %.2fx  %s%n",
                what, lib, base, speedup, atLeast, speedup >= atLeast ? "OK" : "MISSED");
    }

    /**
     * Each round, on fresh workspaces and in rotating order: a raw create+start, a raw create that
     * also writes a small file archive before the start (what open() must do for the agent user),
     * and one library open.
     */
    private void coldRound(int rounds, long[] rawTimes, long[] rawWithFilesTimes, long[] libTimes) throws Exception {
        for (int i = 0; i < rounds; i++) {
            Path rawWorkspace = newWorkspace();
            Path rawFilesWorkspace = newWorkspace();
            Path libWorkspace = newWorkspace();
            List<Runnable> order = new ArrayList<>(List.of(
                    () -> rawTimes[index(rawTimes)] = timeRawCreateStart(rawWorkspace, false),
                    () -> rawWithFilesTimes[index(rawWithFilesTimes)] = timeRawCreateStart(rawFilesWorkspace, true),
                    // direct(): like the raw containers, no network of its own and no proxy. What the
                    // default network adds is the line "cold open, default network vs direct".
                    () -> libTimes[index(libTimes)] = timeLibraryOpen(libWorkspace, NetworkPolicy.direct())));
            java.util.Collections.rotate(order, i);
            order.forEach(Runnable::run);
        }
    }

    /** The first slot not yet measured (a zero). */
    private static int index(long[] times) {
        for (int i = 0; i < times.length; i++) {
            if (times[i] == 0) {
                return i;
            }
        }
        throw new IllegalStateException("all measured");
    }

    private long timeRawCreateStart(Path workspace, boolean withFiles) {
        long start = System.nanoTime();
        String id = raw.createContainerCmd(DockerTestSupport.TEMPLATE)
                .withEntrypoint("sleep", "infinity")
                .withWorkingDir(workspace.toString())
                .withHostConfig(HostConfig.newHostConfig().withInit(true).withMounts(List.of(new Mount()
                        .withType(MountType.BIND).withSource(workspace.toString()).withTarget(workspace.toString()))))
                .exec().getId();
        if (withFiles) {
            raw.copyArchiveToContainerCmd(id).withTarInputStream(new SetupArchive()
                    .file("/home/agent/.gitconfig", "[user]\n\tname = Ada\n\temail = ada@example.com\n", 0644, 1000, 1000)
                    .toTar()).withRemotePath("/").exec();
        }
        raw.startContainerCmd(id).exec();
        long elapsed = System.nanoTime() - start;
        raw.removeContainerCmd(id).withForce(true).exec();
        return elapsed;
    }

    /** A cold open's time; {@code network} null for the default policy. The removal is not counted. */
    private long timeLibraryOpen(Path workspace, NetworkPolicy network) {
        long start = System.nanoTime();
        SandboxBuilder builder = Sandboxes.forWorkspace(workspace).template(DockerTestSupport.TEMPLATE).runtime(runtime);
        Sandbox sandbox = (network == null ? builder : builder.network(network)).open();
        long elapsed = System.nanoTime() - start;
        if (network == null && !sandbox.info().labels().containsKey(EgressProxies.PROXY_LABEL)) {
            sandbox.remove();
            throw new IllegalStateException("the default network made no egress proxy: nothing of it to measure");
        }
        sandbox.remove();
        return elapsed;
    }

    private String rawExec(String containerId, String workingDirectory) {
        String execId = raw.execCreateCmd(containerId).withCmd("echo", "hi").withAttachStdout(true).withAttachStderr(true)
                .withWorkingDir(workingDirectory).exec().getId();
        StringBuilder out = new StringBuilder();
        try {
            raw.execStartCmd(execId).exec(new ResultCallback.Adapter<Frame>() {
                @Override
                public void onNext(Frame frame) {
                    out.append(new String(frame.getPayload()));
                }
            }).awaitCompletion();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        raw.inspectExecCmd(execId).exec().getExitCodeLong();
        return out.toString();
    }

    private static void interleave(int rounds, long[] rawTimes, long[] libTimes, int warmUp,
                                   Supplier<?> rawCall, Supplier<?> libCall) {
        for (int i = 0; i < warmUp; i++) {
            rawCall.get();
            libCall.get();
        }
        for (int i = 0; i < rounds; i++) {
            if (i % 2 == 0) {
                rawTimes[i] = time(rawCall);
                libTimes[i] = time(libCall);
            } else {
                libTimes[i] = time(libCall);
                rawTimes[i] = time(rawCall);
            }
        }
    }

    private static long time(Supplier<?> call) {
        long start = System.nanoTime();
        call.get();
        return System.nanoTime() - start;
    }

    private static void report(String what, long[] library, long[] raw, double target) {
        double lib = median(library) / 1e6;
        double base = median(raw) / 1e6;
        double ratio = lib / base;
        System.out.printf(Locale.ROOT, "%-36s library %8.2f ms   raw %8.2f ms   ratio %5.2fx   target <= %.2fx  %s%n",
                what, lib, base, ratio, target, ratio <= target ? "OK" : "MISSED");
    }

    private static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2.0;
    }

    private Path newWorkspace() throws Exception {
        Path workspace = Files.createTempDirectory("sbx-bench-").toRealPath();
        workspaces.add(workspace);
        return workspace;
    }

    private void cleanUp() {
        for (Path workspace : workspaces) {
            runtime.findByWorkspace(workspace).ifPresent(s -> runtime.remove(s.id(), SandboxListener.NONE));
            try {
                Files.deleteIfExists(workspace);
            } catch (Exception ignored) {
                // A leftover empty temporary folder harms nothing.
            }
        }
    }
}
