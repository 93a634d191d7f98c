package dev.sandboxes.testkit;

import dev.sandboxes.core.SandboxListener;
import dev.sandboxes.core.SandboxSummary;
import dev.sandboxes.internal.RuntimeSelector;
import dev.sandboxes.spi.RuntimeConfig;
import dev.sandboxes.spi.SandboxRuntime;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Removes the sandboxes a test JVM created when that JVM dies, however it dies: the testkit's
 * counterpart of Testcontainers' Ryuk. Ryuk is a container whose image must be pulled, which
 * machines without a registry cannot do; this is a child JVM on the class path the tests already have.
 *
 * <p>The JUnit extension starts one per test JVM, lazily, when it first opens a sandbox on an engine
 * (never for the in-memory runtime), and labels every sandbox it creates with
 * {@value #SESSION_LABEL}{@code =<session>}. The reaper blocks on its standard input, which the test
 * JVM holds open and never writes to: the operating system closes it when the test JVM ends, normally
 * or by SIGKILL. At that end of input the reaper removes every sandbox of its session (none after a
 * normal run: the extension removed them already), deletes their temporary workspaces, removes what
 * else the dead JVM left on the engine ({@link SandboxRuntime#removeLeftovers()}), and exits. Its
 * log is a file in {@code java.io.tmpdir}, kept only when it removed something or failed.
 *
 * <pre>{@code
 * docker ps -a --filter label=sandboxes-testkit.session   # sandboxes of test JVMs, alive or being reaped
 * java -cp <class path> dev.sandboxes.testkit.SandboxReaper <session> docker [log file]   # as the extension runs it
 * }</pre>
 */
public final class SandboxReaper {

    /** The label of every sandbox the JUnit extension creates; its value is the test JVM's session. */
    public static final String SESSION_LABEL = "sandboxes-testkit.session";
    /** The name prefix of the extension's temporary workspaces under {@code java.io.tmpdir}; only those are deleted. */
    public static final String WORKSPACE_PREFIX = "sandbox-test-";

    /** How long the engine may be away (restarting, say) before the reaper gives up. */
    private static final Duration PATIENCE = Duration.ofMinutes(1);
    private static final Duration RETRY_PAUSE = Duration.ofSeconds(2);
    /** How long a signalled reaper waits for its test JVM to go too, as it does after Ctrl-C. */
    private static final Duration SIGNAL_GRACE = Duration.ofSeconds(10);

    private final String session;
    private final Supplier<SandboxRuntime> runtimes;
    private final Path tmpdir;
    private boolean done;
    private boolean keepLog;

    SandboxReaper(String session, Supplier<SandboxRuntime> runtimes, Path tmpdir) {
        this.session = session;
        this.runtimes = runtimes;
        this.tmpdir = tmpdir;
    }

    /**
     * Waits for the end of standard input, then reaps.
     *
     * @param args the session, the runtime's name, and optionally this reaper's log file (deleted when
     *             there was nothing to remove)
     */
    public static void main(String[] args) {
        if (args.length < 2 || args.length > 3) {
            System.err.println("Usage: SandboxReaper <session> <runtime name> [log file]. The testkit's JUnit"
                    + " extension starts it with standard input held open, and it reaps when that input ends.");
            System.exit(2);
        }
        String runtimeName = args[1];
        SandboxReaper reaper = new SandboxReaper(args[0],
                () -> RuntimeSelector.fromClassPath().select(RuntimeConfig.fromHost(), Optional.of(runtimeName)),
                temporaryFolder());
        Optional<ProcessHandle> parent = ProcessHandle.current().parent();
        log("Reaper of session " + args[0] + " on the " + runtimeName + " runtime, watching process "
                + parent.map(p -> String.valueOf(p.pid())).orElse("(unknown)") + ".");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> reaper.onSignal(parent), "sandbox-reaper-signal"));
        awaitEndOfInput(System.in);
        // Input ends as the test JVM begins to exit; what it left is provably its own once it is gone.
        parent.ifPresent(SandboxReaper::awaitExit);
        reaper.reapOnce();
        if (!reaper.keepLog && args.length == 3) {
            try {
                Files.deleteIfExists(Path.of(args[2]));
            } catch (IOException | RuntimeException ignored) {
                // A leftover log harms nothing.
            }
        }
        System.exit(0);
    }

    /**
     * Removes every sandbox of the session and its temporary workspace, once; later calls return at
     * once. Tries again while the runtime is unavailable, for {@link #PATIENCE}.
     */
    synchronized void reapOnce() {
        if (done) {
            return;
        }
        done = true;
        Instant giveUp = Instant.now().plus(PATIENCE);
        while (true) {
            try (SandboxRuntime runtime = runtimes.get()) {
                List<String> removed = reap(runtime);
                keepLog |= !removed.isEmpty();
                log(removed.isEmpty() ? "Nothing of session " + session + " was left; done."
                        : "Removed what session " + session + " left: " + removed + ".");
                return;
            } catch (RuntimeException e) {
                keepLog = true;
                if (Instant.now().isAfter(giveUp) || !pause()) {
                    log("Gave up: " + e + ". Remove what is left with: docker rm -f $(docker ps -aq --filter label="
                            + SESSION_LABEL + "=" + session + ")");
                    return;
                }
                log("Could not reap yet (" + e + "); trying again.");
            }
        }
    }

    /**
     * The names of the sandboxes of this session removed from the runtime, then what the test JVM,
     * dead by now, left besides them ({@link SandboxRuntime#removeLeftovers()}).
     */
    List<String> reap(SandboxRuntime runtime) {
        List<String> removed = new ArrayList<>();
        for (SandboxSummary sandbox : runtime.list()) {
            if (session.equals(sandbox.labels().get(SESSION_LABEL))) {
                runtime.remove(sandbox.id(), SandboxListener.NONE);
                removed.add(sandbox.name());
                if (isTemporaryWorkspace(sandbox.workspace())) {
                    deleteQuietly(sandbox.workspace());
                }
            }
        }
        removed.addAll(runtime.removeLeftovers());
        return removed;
    }

    /** Only a folder the extension made: the user's own folders ({@code @InWorkspace}) stay. */
    private boolean isTemporaryWorkspace(Path workspace) {
        return tmpdir.equals(workspace.getParent()) && workspace.getFileName().toString().startsWith(WORKSPACE_PREFIX);
    }

    /**
     * Ctrl-C and a closed terminal signal the whole process group, this reaper with its test JVM: it
     * reaps once that JVM is gone too. Signalled alone while its JVM lives, it leaves the sandboxes,
     * which are in use.
     */
    private void onSignal(Optional<ProcessHandle> parent) {
        synchronized (this) {
            if (done) {
                return;
            }
        }
        try {
            if (parent.isPresent()) {
                parent.get().onExit().get(SIGNAL_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            }
            reapOnce();
        } catch (TimeoutException e) {
            log("Stopped while the test JVM still runs: its sandboxes are left to it.");
        } catch (InterruptedException | ExecutionException e) {
            log("Stopped while waiting for the test JVM: " + e);
        }
    }

    private static void awaitExit(ProcessHandle process) {
        try {
            process.onExit().get(SIGNAL_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            log("The test JVM " + process.pid() + " still looks alive after its end of input (" + e + "); reaping anyway.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitEndOfInput(InputStream in) {
        byte[] ignored = new byte[256];
        try {
            while (in.read(ignored) >= 0) {
                // Nothing is ever written; only the end matters.
            }
        } catch (IOException e) {
            log("Standard input failed (" + e + "): taking it as the end of the test JVM.");
        }
    }

    /** The real temporary folder, as the extension's workspaces record it (by their real paths). */
    public static Path temporaryFolder() {
        Path tmpdir = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath();
        try {
            return tmpdir.toRealPath();
        } catch (IOException e) {
            return tmpdir.normalize();
        }
    }

    private static void deleteQuietly(Path folder) {
        try (var paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException ignored) {
            // Files a sandbox's user made may not be ours to delete; a leftover temporary folder harms nothing.
        }
    }

    /** Waits before the next try; false when interrupted. */
    private static boolean pause() {
        try {
            Thread.sleep(RETRY_PAUSE.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void log(String message) {
        System.out.println(Instant.now() + " " + message);
    }
}
