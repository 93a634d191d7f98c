package dev.sandboxes.testkit.junit5;

import dev.sandboxes.spi.RuntimeConfig;
import dev.sandboxes.testkit.SandboxReaper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts this JVM's {@link SandboxReaper}: a child JVM, once per runtime, when the extension first
 * opens a sandbox on it. No Ryuk container can be pulled on a machine without a registry, so the
 * reaper is a plain process on the class path the tests already have.
 *
 * <p>Nothing here waits for the reaper, at exit or ever: this JVM's end closes the reaper's standard
 * input, and that is all it waits for.
 */
final class ReaperProcess {

    /** This JVM's session: every sandbox the extension creates carries it in {@link SandboxReaper#SESSION_LABEL}. */
    static final String SESSION = UUID.randomUUID().toString();

    /** System properties that configure runtimes, Testcontainers or logging: the reaper must see the same engine. */
    private static final List<String> PASSED_ON = List.of("sandbox.", "sandboxes.", "testcontainers.", "docker.",
            "org.slf4j.");

    private static final Logger LOG = LoggerFactory.getLogger(ReaperProcess.class);

    /**
     * The reapers started, by runtime name, empty where starting failed. Held until this JVM ends:
     * a collected {@link Process} would close its stdin pipe, and the reaper would reap too early.
     */
    private static final Map<String, Optional<Process>> REAPERS = new HashMap<>();

    private ReaperProcess() {
    }

    /**
     * Starts the reaper of this runtime unless it was started (or tried) already. A failure to start
     * is a warning, not a test failure: the sandboxes are still removed after each test, only not when
     * this JVM is killed.
     *
     * @param config the environment and home the runtime was created with, for the reaper to find the same engine
     */
    static synchronized void ensureStarted(String runtimeName, Supplier<RuntimeConfig> config) {
        if (REAPERS.containsKey(runtimeName)) {
            return;
        }
        Optional<Process> started = Optional.empty();
        try {
            started = Optional.of(command(runtimeName, config.get(), SandboxReaper.temporaryFolder()).start());
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not start the sandbox reaper: the sandboxes of this test JVM"
                    + " stay behind if it is killed (remove them with docker rm -f $(docker ps -aq --filter label="
                    + SandboxReaper.SESSION_LABEL + "=" + SESSION + ")). Cause: " + e);
        }
        REAPERS.put(runtimeName, started);
    }

    /** The reaper's command: this JVM's java and class path, the session, and its log in the temporary folder. */
    static ProcessBuilder command(String runtimeName, RuntimeConfig config, Path tmpdir) {
        Path log = tmpdir.resolve("sandboxes-reaper-" + SESSION + "-" + runtimeName.replaceAll("[^A-Za-z0-9_-]", "_")
                + ".log");
        // Small and quick to start: it idles for the whole test run and works for a second at its end.
        List<String> command = new ArrayList<>(List.of(java().toString(), "-Xmx64m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-Djava.io.tmpdir=" + tmpdir, "-Duser.home=" + config.userHome()));
        for (String name : System.getProperties().stringPropertyNames()) {
            if (PASSED_ON.stream().anyMatch(name::startsWith)) {
                command.add("-D" + name + "=" + System.getProperty(name));
            }
        }
        command.addAll(launch());
        command.addAll(List.of(SESSION, runtimeName, log.toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                // Never this JVM's stdout: a build tool reading it would wait for the reaper to end.
                .redirectOutput(log.toFile());
        builder.environment().clear();
        builder.environment().putAll(config.environment());
        return builder;
    }

    /**
     * How the reaper's class is found: as this JVM found the testkit. On the module path, as the
     * testkit's module (its runtime found by the API's service binding); else on the class path,
     * which under Surefire and Failsafe is a manifest-only jar naming the real one (-cp reads that too).
     */
    static List<String> launch() {
        Module testkit = SandboxReaper.class.getModule();
        if (testkit.isNamed()) {
            String classPath = System.getProperty("java.class.path", "");
            List<String> launch = new ArrayList<>(List.of("--module-path", System.getProperty("jdk.module.path", "")));
            if (!classPath.isEmpty()) {
                launch.addAll(List.of("-cp", classPath));
            }
            launch.addAll(List.of("--add-modules", "ALL-MODULE-PATH", "-m", testkit.getName() + "/" + SandboxReaper.class.getName()));
            return launch;
        }
        return List.of("-cp", System.getProperty("java.class.path"), SandboxReaper.class.getName());
    }

    private static Path java() {
        Path bin = Path.of(System.getProperty("java.home"), "bin");
        Path java = bin.resolve("java");
        return Files.isExecutable(java) ? java : bin.resolve("java.exe");
    }
}
