package dev.sandboxes.examples.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The CLI as users run it: the shaded jar, in a process of its own. */
final class CliProcess {

    /** Built in the package phase, before the integration tests. */
    static final Path JAR = Path.of("target", "sandbox.jar").toAbsolutePath();

    /** What one run printed, and how it ended. */
    record Outcome(int exitCode, String stdout, String stderr) {
        /** This outcome, when the command succeeded. */
        Outcome orThrow() {
            if (exitCode != 0) {
                throw new AssertionError("The CLI failed: " + this);
            }
            return this;
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }

    private CliProcess() {
    }

    /** The java command that runs the CLI. */
    static List<String> command(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString()));
        command.addAll(List.of(args));
        return command;
    }

    /** Runs {@code sandbox ARGS} in a folder and waits for it (two minutes at most). */
    static Outcome run(Path folder, String... args) throws IOException, InterruptedException {
        return run(folder, "", Map.of(), args);
    }

    /** As {@link #run(Path, String...)}, with this standard input and these environment variables added. */
    static Outcome run(Path folder, String stdin, Map<String, String> env, String... args)
            throws IOException, InterruptedException {
        Path in = Files.writeString(Files.createTempFile("sandbox-cli-in", ".txt"), stdin);
        Path out = Files.createTempFile("sandbox-cli-out", ".txt");
        Path err = Files.createTempFile("sandbox-cli-err", ".txt");
        try {
            ProcessBuilder builder = new ProcessBuilder(command(args)).directory(folder.toFile())
                    .redirectInput(in.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().putAll(env);
            Process process = builder.start();
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("sandbox " + String.join(" ", args) + " did not end within two minutes");
            }
            return new Outcome(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(in);
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
