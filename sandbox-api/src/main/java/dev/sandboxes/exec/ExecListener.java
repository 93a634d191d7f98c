package dev.sandboxes.exec;

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
        LineSplitter splitter = new LineSplitter(stdout, stderr);
        return new ExecListener() {
            @Override
            public void onStdout(byte[] chunk) {
                splitter.stdout(chunk);
            }

            @Override
            public void onStderr(byte[] chunk) {
                splitter.stderr(chunk);
            }

            @Override
            public void onEnd() {
                splitter.end();
            }
        };
    }

    /** Told once the command's output has ended. */
    default void onEnd() {
    }
}
