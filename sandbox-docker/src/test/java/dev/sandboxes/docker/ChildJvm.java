package dev.sandboxes.docker;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Another JVM on the test's class path, running one of the test-side programs: what several
 * processes do at once, or a process killed halfway, can only be shown with real processes.
 */
final class ChildJvm implements AutoCloseable {

    private final Process process;
    private final BufferedReader stdout;

    private ChildJvm(Process process) {
        this.process = process;
        this.stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Starts {@code main} with these arguments; its standard error goes to the test's. */
    static ChildJvm start(Class<?> main, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classPath(), "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", main.getName()));
        command.addAll(List.of(args));
        return new ChildJvm(new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start());
    }

    /** Failsafe gives its forked JVM a manifest-only jar as class path, and the real one in this property. */
    private static String classPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    long pid() {
        return process.pid();
    }

    /** The next line the child printed; null at its end. */
    String readLine() throws IOException {
        return stdout.readLine();
    }

    /** Reads lines until one starts with {@code prefix}, and returns it. */
    String awaitLine(String prefix) throws IOException {
        for (String line = readLine(); line != null; line = readLine()) {
            if (line.startsWith(prefix)) {
                return line;
            }
        }
        throw new IOException("The child ended (exit " + waitFor(Duration.ofSeconds(10)) + ") before printing '" + prefix + "'");
    }

    /** Every line the child prints until it ends. */
    List<String> remainingLines() throws IOException {
        List<String> lines = new ArrayList<>();
        for (String line = readLine(); line != null; line = readLine()) {
            lines.add(line);
        }
        return lines;
    }

    int waitFor(Duration limit) {
        try {
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("The child JVM did not end within " + limit);
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted", e);
        }
    }

    /** SIGKILL, as the kernel's OOM killer or {@code kill -9} would end it: no shutdown hook runs. */
    void kill() {
        process.destroyForcibly();
        waitFor(Duration.ofSeconds(30));
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }
}
