package dev.sandboxes;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Receives a command's output while it runs, in the order the engine delivers it; everything,
 * whatever the result's output limit. Called on one thread per command; keep it quick.
 *
 * <pre>{@code
 * sandbox.exec(ExecRequest.of("npm", "test")
 *         .withListener(ExecListener.lines(line -> log.info(line), line -> log.warn(line))));
 * }</pre>
 */
public interface ExecListener {

    /** A listener that ignores everything. */
    ExecListener NONE = new ExecListener() { };

    /** A chunk of standard output (or of the terminal, for a TTY command). */
    default void onStdout(byte[] chunk) {
    }

    /** A chunk of standard error. */
    default void onStderr(byte[] chunk) {
    }

    /**
     * Whole lines (UTF-8, without their line break) of each stream; a last line without a break is
     * given when the stream ends.
     */
    static ExecListener lines(Consumer<String> stdout, Consumer<String> stderr) {
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(stderr, "stderr");
        return new LineSplitter(stdout, stderr);
    }

    /** Told once the command's output has ended. */
    default void onEnd() {
    }

    /** Splits chunks into lines, per stream. */
    final class LineSplitter implements ExecListener {
        private final Consumer<String> stdout;
        private final Consumer<String> stderr;
        private final ByteArrayOutputStream outLine = new ByteArrayOutputStream();
        private final ByteArrayOutputStream errLine = new ByteArrayOutputStream();

        private LineSplitter(Consumer<String> stdout, Consumer<String> stderr) {
            this.stdout = stdout;
            this.stderr = stderr;
        }

        @Override
        public void onStdout(byte[] chunk) {
            split(chunk, outLine, stdout);
        }

        @Override
        public void onStderr(byte[] chunk) {
            split(chunk, errLine, stderr);
        }

        @Override
        public void onEnd() {
            flush(outLine, stdout);
            flush(errLine, stderr);
        }

        private static void split(byte[] chunk, ByteArrayOutputStream line, Consumer<String> lines) {
            for (byte b : chunk) {
                if (b == '\n') {
                    String text = line.toString(StandardCharsets.UTF_8);
                    line.reset();
                    lines.accept(text.endsWith("\r") ? text.substring(0, text.length() - 1) : text);
                } else {
                    line.write(b);
                }
            }
        }

        private static void flush(ByteArrayOutputStream line, Consumer<String> lines) {
            if (line.size() > 0) {
                lines.accept(line.toString(StandardCharsets.UTF_8));
                line.reset();
            }
        }
    }
}
