package dev.sandboxes.exec;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/** Splits chunks of output into lines, per stream: what {@code ExecListener.lines(...)} listens with. */
final class LineSplitter {
    private final Consumer<String> stdout;
    private final Consumer<String> stderr;
    private final ByteArrayOutputStream outLine = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errLine = new ByteArrayOutputStream();

    LineSplitter(Consumer<String> stdout, Consumer<String> stderr) {
        this.stdout = stdout;
        this.stderr = stderr;
    }

    void stdout(byte[] chunk) {
        split(chunk, outLine, stdout);
    }

    void stderr(byte[] chunk) {
        split(chunk, errLine, stderr);
    }

    void end() {
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
