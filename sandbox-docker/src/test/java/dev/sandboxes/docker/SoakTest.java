package dev.sandboxes.docker;

import dev.sandboxes.Sandbox;
import dev.sandboxes.Sandboxes;
import dev.sandboxes.core.SandboxInfo;
import dev.sandboxes.core.SandboxListener;
import dev.sandboxes.core.SandboxStatus;
import dev.sandboxes.core.SandboxSummary;
import dev.sandboxes.exec.ExecHandle;
import dev.sandboxes.exec.ExecListener;
import dev.sandboxes.exec.ExecRequest;
import dev.sandboxes.exec.ExecResult;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A soak test: N sandboxes, each driven by several concurrent workers, run a mix of operations for a
 * set time; then errors (expected: 0), latency percentiles per operation and the JVM's heap, threads
 * and file descriptors before and after, so that failures under load and leaks show. Not part of the
 * normal test run: it is a program with a {@code main} and no test methods, so surefire, which
 * matches its name, finds nothing to run in it; it is run by hand (its figures go in release notes).
 *
 * <p>Each worker loops over: {@code echo} (stdout checked), {@code exit 3} (exit code checked),
 * {@code writeFile} then {@code readFile} of a random payload (equality checked), an exec writing into
 * the workspace read back on the host, a streamed exec of 64 KiB ({@code start}, byte count checked)
 * and {@code info()}; every {@code soak.reopenEvery} operations it closes its handle and opens the
 * workspace again, as an orchestrator that re-attaches would. Exit code 1 when any check failed.
 *
 * <pre>{@code
 * scripts/soak.sh                                              # 8 sandboxes x 2 workers for 2 minutes
 * scripts/soak.sh -Dsoak.duration=PT10M -Dsoak.sandboxes=16 -Dsoak.threads=4 -Dsoak.reopenEvery=20
 * }</pre>
 *
 * <p>Settings (system properties): {@code soak.sandboxes} (8), {@code soak.threads} workers per
 * sandbox (2), {@code soak.duration} as ISO-8601 or seconds (PT2M), {@code soak.reopenEvery} (50),
 * {@code soak.warmup} (PT10S). Every sandbox it made and every temporary workspace is removed at the
 * end, also on Ctrl-C.
 */
public final class SoakTest {

    /** What the workers do, one latency series each. */
    enum Kind {
        ECHO("exec echo"),
        EXIT_CODE("exec exit 3"),
        WRITE_FILE("writeFile"),
        READ_FILE("readFile"),
        EXEC_TO_HOST("exec > host file"),
        STREAM_64K("start 64 KiB stream"),
        INFO("info()"),
        REOPEN("close + open");

        final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    /** The operations a worker cycles through; REOPEN comes on its own schedule. */
    private static final List<Kind> MIX = List.of(Kind.ECHO, Kind.EXIT_CODE, Kind.WRITE_FILE, Kind.EXEC_TO_HOST,
            Kind.STREAM_64K, Kind.INFO);
    private static final int STREAM_BYTES = 64 * 1024;
    /** Long enough for a loaded 2-core machine; a command past it is a hang, counted as an error. */
    private static final Duration STREAM_WAIT = Duration.ofSeconds(60);
    /** How long workers may overrun the deadline (one slow operation) before they count as stuck. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(120);
    private static final int ERRORS_PRINTED = 10;
    private static final Duration AFTER_ERROR = Duration.ofMillis(100);
    private static final Duration AFTER_FAILED_OPEN = Duration.ofSeconds(1);
    private static final long MIB = 1024 * 1024;

    private final Settings settings;
    private final DockerSandboxRuntime runtime;
    private final List<Path> workspaces = new CopyOnWriteArrayList<>();
    private final List<Thread> workers = new CopyOnWriteArrayList<>();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final AtomicBoolean cleanedUp = new AtomicBoolean();
    private final Errors errors = new Errors();
    private final AtomicLong maxHeapSeen = new AtomicLong();
    private volatile Recorder recorder = new Recorder();

    private SoakTest(Settings settings) {
        this.settings = settings;
        this.runtime = (DockerSandboxRuntime) Sandboxes.runtime();
    }

    public static void main(String[] args) throws Exception {
        SoakTest soak = new SoakTest(Settings.fromSystemProperties());
        // Ctrl-C (or a kill) must not leave containers behind: the hook stops the workers and removes what was made.
        Thread hook = new Thread(soak::cleanUp, "soak-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        int exitCode;
        try {
            exitCode = soak.run();
        } finally {
            soak.cleanUp();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // The hook runs or ran; cleanUp() is safe twice.
        }
        // Under exec:java a main that returns is a success whatever it found: the exit code carries the verdict.
        System.exit(exitCode);
    }

    private int run() throws Exception {
        System.out.printf(Locale.ROOT, "Soak: %d sandboxes x %d workers for %s (warm-up %s), reopen every %d ops;"
                        + " Docker %s, API %s, template %s, %d CPUs, max heap %d MiB%n",
                settings.sandboxes, settings.threads, settings.duration, settings.warmUp, settings.reopenEvery,
                runtime.engineVersion(), runtime.apiVersion(), DockerTestSupport.TEMPLATE,
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() / MIB);
        ScheduledExecutorService monitor = startMonitor();
        try {
            createSandboxes();
            // Warm-up with the same load, so that the start snapshot already has the JIT's code, the
            // connection pool and the library's exec threads at their working size: what grows after is a leak.
            runPhase(settings.warmUp, false);
            System.out.printf(Locale.ROOT, "Warm-up: %d ops, %d errors%n", recorder.total(), errors.count());
            Snapshot start = Snapshot.take();
            recorder = new Recorder();
            long began = System.nanoTime();
            runPhase(settings.duration, true);
            double seconds = (System.nanoTime() - began) / 1e9;
            Snapshot end = Snapshot.take();
            report(seconds, start, end);
        } finally {
            monitor.shutdownNow();
        }
        return errors.count() > 0 ? 1 : 0;
    }

    /** Makes every sandbox once, one after another, so that workers only ever reuse them. */
    private void createSandboxes() throws IOException {
        long began = System.nanoTime();
        for (int i = 0; i < settings.sandboxes; i++) {
            Path workspace = newWorkspace();
            try (Sandbox sandbox = open(workspace)) {
                sandbox.exec("true").orThrow();
            }
        }
        System.out.printf(Locale.ROOT, "Created %d sandboxes in %.1f s%n", settings.sandboxes,
                (System.nanoTime() - began) / 1e9);
    }

    /** Runs all workers until {@code length} is over and waits for them; stuck ones are errors. */
    private void runPhase(Duration length, boolean progress) throws InterruptedException {
        long deadline = System.nanoTime() + length.toNanos();
        workers.clear();
        for (int s = 0; s < workspaces.size(); s++) {
            for (int t = 0; t < settings.threads; t++) {
                Worker worker = new Worker(workspaces.get(s), s + "-" + t, s * settings.threads + t, deadline);
                Thread thread = new Thread(worker::run, "soak-worker-" + s + "-" + t);
                // Daemon: a worker stuck in the library must not keep the JVM from reporting and exiting.
                thread.setDaemon(true);
                workers.add(thread);
            }
        }
        workers.forEach(Thread::start);
        progressUntil(deadline, progress);
        joinWorkers(deadline + STOP_GRACE.toNanos());
    }

    private void progressUntil(long deadline, boolean progress) throws InterruptedException {
        long began = System.nanoTime();
        long nextLine = began + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline && !stopping.get()) {
            TimeUnit.MILLISECONDS.sleep(Math.min(250, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
            if (progress && System.nanoTime() >= nextLine) {
                nextLine += TimeUnit.SECONDS.toNanos(15);
                printProgress((System.nanoTime() - began) / 1e9);
            }
        }
    }

    private void printProgress(double seconds) {
        long ops = recorder.total();
        System.out.printf(Locale.ROOT, "[%5.0f s] ops %d  %.1f ops/s  errors %d  heap %d MiB  threads %d  fds %d%n",
                seconds, ops, ops / seconds, errors.count(), heapUsed() / MIB, liveThreads(), openFileDescriptors());
    }

    private void joinWorkers(long limit) throws InterruptedException {
        for (Thread worker : workers) {
            long left = limit - System.nanoTime();
            if (left > 0) {
                TimeUnit.NANOSECONDS.timedJoin(worker, left);
            }
            if (worker.isAlive()) {
                StackTraceElement[] stack = worker.getStackTrace();
                errors.add("worker " + worker.getName(), "stuck " + STOP_GRACE.toSeconds() + " s past the end, in "
                        + (stack.length > 0 ? stack[0] : "?"));
            }
        }
    }

    /** Samples the heap every second (for the maximum seen), so that a peak between progress lines shows. */
    private ScheduledExecutorService startMonitor() {
        ScheduledExecutorService monitor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "soak-monitor");
            thread.setDaemon(true);
            return thread;
        });
        monitor.scheduleAtFixedRate(() -> maxHeapSeen.accumulateAndGet(heapUsed(), Math::max), 0, 1, TimeUnit.SECONDS);
        return monitor;
    }

    /** One worker: its own handle on a sandbox shared with the sandbox's other workers. */
    private final class Worker {
        private final Path workspace;
        private final String name;
        private final int offset;
        private final long deadline;
        private Sandbox sandbox;
        private long done;

        Worker(Path workspace, String name, int offset, long deadline) {
            this.workspace = workspace;
            this.name = name;
            this.offset = offset;
            this.deadline = deadline;
        }

        void run() {
            try {
                while (System.nanoTime() < deadline && !stopping.get()) {
                    if (sandbox == null && !reopen()) {
                        pause(AFTER_FAILED_OPEN);
                        continue;
                    }
                    // Workers start at different points of the mix, so the engine sees every kind at once.
                    boolean ok = runOne(MIX.get((int) ((offset + done) % MIX.size())));
                    done++;
                    if (!ok) {
                        pause(AFTER_ERROR);
                    }
                    if (done % settings.reopenEvery == 0) {
                        reopen();
                    }
                }
            } finally {
                closeHandle();
            }
        }

        /** Closes the handle (if any) and opens the workspace again; false when that failed. */
        private boolean reopen() {
            return timed(Kind.REOPEN, name, () -> {
                closeHandle();
                sandbox = open(workspace);
                return null;
            });
        }

        private void closeHandle() {
            if (sandbox != null) {
                Sandbox closing = sandbox;
                sandbox = null;
                closing.close();
            }
        }

        /** False when it failed. */
        private boolean runOne(Kind kind) {
            return switch (kind) {
                case ECHO -> timed(kind, name, this::echo);
                case EXIT_CODE -> timed(kind, name, this::exitCode);
                case WRITE_FILE -> fileRoundTrip();
                case EXEC_TO_HOST -> timed(kind, name, this::execToHost);
                case STREAM_64K -> timed(kind, name, this::stream);
                case INFO -> timed(kind, name, this::info);
                default -> throw new IllegalArgumentException(kind.name());
            };
        }

        private String echo() {
            String token = token();
            ExecResult result = sandbox.exec("echo", token);
            return expect(result.exitCode() == 0 && result.stdout().equals(token + "\n"),
                    () -> "echo " + token + " gave " + result + " stdout '" + result.stdout() + "' stderr '" + result.stderr() + "'");
        }

        private String exitCode() {
            ExecResult result = sandbox.exec("sh", "-c", "exit 3");
            return expect(result.exitCode() == 3, () -> "exit 3 gave " + result + " stderr '" + result.stderr() + "'");
        }

        /** Two series (write, read), since they are two different engine calls (archive in, archive out). */
        private boolean fileRoundTrip() {
            byte[] payload = new byte[ThreadLocalRandom.current().nextInt(1, 4097)];
            ThreadLocalRandom.current().nextBytes(payload);
            // One file per worker: workers of one sandbox run at once and must not read each other's writes.
            String path = "/tmp/soak-" + name + ".bin";
            return timed(Kind.WRITE_FILE, name, () -> {
                sandbox.writeFile(path, payload);
                return null;
            }) && timed(Kind.READ_FILE, name, () -> {
                byte[] read = sandbox.readFile(path);
                return expect(Arrays.equals(read, payload),
                        () -> "readFile " + path + " gave " + read.length + " bytes, not the " + payload.length + " written");
            });
        }

        /** What a command writes into the workspace must be on the host at once: the bind mount, not a copy. */
        private String execToHost() throws IOException {
            String token = token();
            String file = "soak-" + name + ".txt";
            ExecResult result = sandbox.exec(ExecRequest.shell("printf %s " + token + " > " + file));
            if (result.exitCode() != 0) {
                return "writing " + file + " in the workspace gave " + result + " stderr '" + result.stderr() + "'";
            }
            String onHost = Files.readString(workspace.resolve(file), StandardCharsets.UTF_8);
            return expect(onHost.equals(token), () -> "the host read '" + onHost + "' from " + file + ", not '" + token + "'");
        }

        private String stream() {
            AtomicLong bytes = new AtomicLong();
            ExecHandle handle = sandbox.start(ExecRequest.of("head", "-c", String.valueOf(STREAM_BYTES), "/dev/zero")
                    .withOutputLimit(0)
                    .withListener(new ExecListener() {
                        @Override
                        public void onStdout(byte[] chunk) {
                            bytes.addAndGet(chunk.length);
                        }
                    }));
            Optional<ExecResult> result = handle.waitFor(STREAM_WAIT);
            if (result.isEmpty()) {
                handle.kill();
                return "the 64 KiB stream did not end within " + STREAM_WAIT.toSeconds() + " s (" + bytes.get() + " bytes so far)";
            }
            return expect(result.get().exitCode() == 0 && bytes.get() == STREAM_BYTES,
                    () -> "the 64 KiB stream gave " + result.get() + " and " + bytes.get() + " bytes to the listener");
        }

        private String info() {
            SandboxInfo info = sandbox.info();
            return expect(info.status() == SandboxStatus.RUNNING && info.id().equals(sandbox.id()),
                    () -> "info() says " + info.status() + " for " + info.id() + ", handle on " + sandbox.id());
        }

        private String token() {
            return "soak" + name.replace('-', 'x') + "n" + done + "r" + Long.toHexString(ThreadLocalRandom.current().nextLong());
        }

        /** After a failure, a short pause so that a lost engine does not become thousands of errors a second. */
        private void pause(Duration length) {
            try {
                TimeUnit.MILLISECONDS.sleep(length.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopping.set(true);
            }
        }
    }

    /** An operation: null when every check passed, else what went wrong. */
    @FunctionalInterface
    private interface Operation {
        String run() throws Exception;
    }

    /** Times one operation into the current recorder; a failed check or any exception is an error. */
    private boolean timed(Kind kind, String worker, Operation operation) {
        long began = System.nanoTime();
        String failure;
        try {
            failure = operation.run();
        } catch (Exception | AssertionError e) {
            failure = e.toString();
        }
        recorder.record(kind, System.nanoTime() - began);
        if (failure != null) {
            errors.add(kind.label + " (worker " + worker + ")", failure);
            return false;
        }
        return true;
    }

    private static String expect(boolean ok, java.util.function.Supplier<String> failure) {
        return ok ? null : failure.get();
    }

    private Sandbox open(Path workspace) {
        return Sandboxes.forWorkspace(workspace).template(DockerTestSupport.TEMPLATE).runtime(runtime).open();
    }

    /** A fresh empty workspace, open to all: the sandbox's user (uid 1000) is not its owner here. */
    private Path newWorkspace() throws IOException {
        Path workspace = Files.createTempDirectory("sbx-soak-").toRealPath();
        workspaces.add(workspace);
        Files.setPosixFilePermissions(workspace, PosixFilePermissions.fromString("rwxrwxrwx"));
        return workspace;
    }

    private void report(double seconds, Snapshot start, Snapshot end) {
        long ops = recorder.total();
        System.out.println();
        System.out.println("== Soak result ==");
        System.out.printf(Locale.ROOT, "duration      %.1f s, %d sandboxes x %d workers, reopen every %d ops%n",
                seconds, settings.sandboxes, settings.threads, settings.reopenEvery);
        System.out.printf(Locale.ROOT, "total ops     %d%n", ops);
        System.out.printf(Locale.ROOT, "ops/s         %.1f%n", ops / seconds);
        System.out.printf(Locale.ROOT, "errors        %d (expected 0; warm-up included)%n", errors.count());
        System.out.printf(Locale.ROOT, "%n%-22s %8s %9s %9s %9s %9s%n", "latency (ms)", "count", "p50", "p90", "p99", "max");
        for (Kind kind : Kind.values()) {
            long[] sorted = recorder.sorted(kind);
            System.out.printf(Locale.ROOT, "%-22s %8d %9.1f %9.1f %9.1f %9.1f%n", kind.label, sorted.length,
                    millis(percentile(sorted, 0.50)), millis(percentile(sorted, 0.90)),
                    millis(percentile(sorted, 0.99)), millis(sorted.length == 0 ? 0 : sorted[sorted.length - 1]));
        }
        System.out.printf(Locale.ROOT, "%n%-38s %10s %10s%n", "resources (after warm-up / at the end)", "start", "end");
        row("heap used after GC (MiB)", start.heapAfterGc / MIB, end.heapAfterGc / MIB);
        System.out.printf(Locale.ROOT, "%-38s %21d%n", "max heap used seen (MiB, 1 s samples)", maxHeapSeen.get() / MIB);
        row("live threads", start.threads, end.threads);
        // The library's exec pool keeps idle threads for 60 s, so this part moves with the recent load.
        row("  of them sandbox-exec pool", start.execPoolThreads, end.execPoolThreads);
        row("open file descriptors", start.fds, end.fds);
        errors.printSummary();
    }

    private static void row(String what, long start, long end) {
        System.out.printf(Locale.ROOT, "%-38s %10d %10d%n", what, start, end);
    }

    /** Nearest-rank percentile of sorted nanoseconds. */
    static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }

    /**
     * Stops the workers and removes every sandbox whose workspace is one of ours, then the
     * workspaces. Runs from main's finally and from the shutdown hook; only the first call works.
     */
    private void cleanUp() {
        if (!cleanedUp.compareAndSet(false, true)) {
            return;
        }
        stopping.set(true);
        // Workers first: one still running could open (and so re-create) a sandbox just removed.
        for (Thread worker : workers) {
            try {
                worker.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        removeSandboxes();
        workspaces.forEach(SoakTest::deleteQuietly);
    }

    /** Every sandbox on the engine labelled with one of our workspaces, duplicates included; nothing else. */
    private void removeSandboxes() {
        int removed = 0;
        try {
            for (SandboxSummary sandbox : runtime.list()) {
                if (workspaces.contains(sandbox.workspace())) {
                    try {
                        runtime.remove(sandbox.id(), SandboxListener.NONE);
                        removed++;
                    } catch (RuntimeException e) {
                        System.err.println("Could not remove sandbox " + sandbox.name() + ": " + e);
                    }
                }
            }
        } catch (RuntimeException e) {
            System.err.println("Could not list sandboxes to remove them: " + e);
        }
        System.out.printf(Locale.ROOT, "Removed %d sandboxes and %d temporary workspaces%n", removed, workspaces.size());
    }

    private static void deleteQuietly(Path folder) {
        try (var paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // A leftover temporary folder harms nothing.
        }
    }

    private static long heapUsed() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static int liveThreads() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }

    /** -1 where there is no /proc (not Linux). */
    private static long openFileDescriptors() {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        } catch (IOException e) {
            return -1;
        }
    }

    /** The JVM's resources at one moment, after a GC so that heap figures compare. */
    private record Snapshot(long heapAfterGc, long threads, long execPoolThreads, long fds) {
        static Snapshot take() throws InterruptedException {
            // Twice, with a pause: one System.gc() may leave what finalization and references free next.
            System.gc();
            TimeUnit.MILLISECONDS.sleep(200);
            System.gc();
            long execPool = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().startsWith("sandbox-exec-")).count();
            return new Snapshot(heapUsed(), liveThreads(), execPool, openFileDescriptors());
        }
    }

    /** Latencies per kind, in nanoseconds; a phase's worth. */
    private static final class Recorder {
        private final Map<Kind, long[]> values = new EnumMap<>(Kind.class);
        private final Map<Kind, Integer> sizes = new EnumMap<>(Kind.class);
        private final AtomicLong total = new AtomicLong();

        synchronized void record(Kind kind, long nanos) {
            long[] series = values.computeIfAbsent(kind, k -> new long[1024]);
            int size = sizes.getOrDefault(kind, 0);
            if (size == series.length) {
                series = Arrays.copyOf(series, size * 2);
                values.put(kind, series);
            }
            series[size] = nanos;
            sizes.put(kind, size + 1);
            total.incrementAndGet();
        }

        synchronized long[] sorted(Kind kind) {
            long[] copy = Arrays.copyOf(values.getOrDefault(kind, new long[0]), sizes.getOrDefault(kind, 0));
            Arrays.sort(copy);
            return copy;
        }

        long total() {
            return total.get();
        }
    }

    /** Counts errors and prints the first few as they happen, so that a long run shows trouble early. */
    private static final class Errors {
        private final AtomicLong count = new AtomicLong();
        private final Map<String, AtomicLong> byWhat = new java.util.concurrent.ConcurrentSkipListMap<>();
        /** By second of the day: errors of a restarted engine come in one burst, a library fault spreads out. */
        private final Map<java.time.LocalTime, AtomicLong> bySecond = new java.util.concurrent.ConcurrentSkipListMap<>();

        void add(String what, String message) {
            long n = count.incrementAndGet();
            java.time.LocalTime now = java.time.LocalTime.now();
            byWhat.computeIfAbsent(what.replaceFirst(" \\(worker .*\\)$", ""), k -> new AtomicLong()).incrementAndGet();
            bySecond.computeIfAbsent(now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS), k -> new AtomicLong())
                    .incrementAndGet();
            if (n <= ERRORS_PRINTED) {
                System.out.printf(Locale.ROOT, "ERROR %d at %s: %s: %s%n", n, now, what, message);
            }
        }

        long count() {
            return count.get();
        }

        void printSummary() {
            if (!byWhat.isEmpty()) {
                System.out.println();
                System.out.println("errors by operation: " + byWhat);
                System.out.println("errors by second:    " + bySecond);
            }
        }
    }

    /** The run's settings, from system properties. */
    private record Settings(int sandboxes, int threads, Duration duration, int reopenEvery, Duration warmUp) {
        Settings {
            if (sandboxes < 1 || threads < 1 || reopenEvery < 1 || duration.isNegative() || duration.isZero() || warmUp.isNegative()) {
                throw new IllegalArgumentException("soak.sandboxes, soak.threads and soak.reopenEvery must be at least 1"
                        + " and soak.duration positive, not " + sandboxes + ", " + threads + ", " + reopenEvery + ", " + duration);
            }
        }

        static Settings fromSystemProperties() {
            return new Settings(Integer.getInteger("soak.sandboxes", 8), Integer.getInteger("soak.threads", 2),
                    duration("soak.duration", "PT2M"), Integer.getInteger("soak.reopenEvery", 50),
                    duration("soak.warmup", "PT10S"));
        }

        /** ISO-8601 ({@code PT3M}) or plain seconds ({@code 180}). */
        private static Duration duration(String property, String fallback) {
            String value = System.getProperty(property, fallback).trim();
            return value.matches("\\d+") ? Duration.ofSeconds(Long.parseLong(value))
                    : Duration.parse(value.toUpperCase(Locale.ROOT));
        }
    }
}
