package dev.sandboxes.examples.cli;

import dev.sandboxes.ExecHandle;
import dev.sandboxes.ExecListener;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import org.jline.terminal.Attributes;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.NonBlockingReader;

/**
 * Connects the user's terminal to a command on a TTY in a sandbox, as {@code docker exec -it} does:
 * the terminal in raw mode (so Ctrl-C, Ctrl-D and arrow keys reach the command), every keystroke
 * forwarded, window-size changes followed, and the terminal restored when the command ends, on
 * Ctrl-C sent to this process, and on errors. JLine does the terminal handling.
 */
final class TerminalSession {

    /** How often the keyboard is looked at, so that the forwarding stops soon after the command ends. */
    private static final long POLL_MILLIS = 50;

    private TerminalSession() {
    }

    /**
     * Runs a command on this terminal until it ends.
     *
     * @param start starts the command with a TTY, its output going to the listener given
     * @return the command's exit code
     */
    static int attach(Function<ExecListener, ExecHandle> start) {
        Terminal terminal;
        try {
            terminal = TerminalBuilder.builder().system(true).build();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not open the terminal", e);
        }
        Attributes saved = terminal.enterRawMode();
        Thread restoreOnExit = new Thread(() -> restore(terminal, saved));
        Runtime.getRuntime().addShutdownHook(restoreOnExit);
        try {
            OutputStream screen = terminal.output();
            ExecHandle handle = start.apply(new ExecListener() {
                @Override
                public void onStdout(byte[] chunk) {
                    try {
                        screen.write(chunk);
                        screen.flush();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            });
            handle.resizeTerminal(terminal.getWidth(), terminal.getHeight());
            terminal.handle(Terminal.Signal.WINCH, signal -> handle.resizeTerminal(terminal.getWidth(), terminal.getHeight()));
            Thread keyboard = new Thread(() -> forwardKeys(terminal.reader(), handle), "sandbox-keyboard");
            keyboard.setDaemon(true);
            keyboard.start();
            try {
                return Await.exitCode(handle);
            } finally {
                keyboard.interrupt();
            }
        } finally {
            restore(terminal, saved);
            try {
                Runtime.getRuntime().removeShutdownHook(restoreOnExit);
            } catch (IllegalStateException shuttingDown) {
                // The JVM is exiting (Ctrl-C sent to this process): the hook restores the terminal too.
            }
        }
    }

    /** Sends what is typed to the command's standard input, as UTF-8, until the command ends. */
    private static void forwardKeys(NonBlockingReader keys, ExecHandle handle) {
        OutputStream stdin = handle.stdin();
        StringBuilder pending = new StringBuilder();
        try {
            while (!handle.result().isDone() && !Thread.currentThread().isInterrupted()) {
                int c = keys.read(POLL_MILLIS);
                if (c == NonBlockingReader.READ_EXPIRED) {
                    continue;
                }
                if (c < 0) {
                    break;
                }
                pending.append((char) c);
                // A character outside the BMP arrives as two halves: send it whole.
                if (!Character.isHighSurrogate((char) c)) {
                    stdin.write(pending.toString().getBytes(StandardCharsets.UTF_8));
                    stdin.flush();
                    pending.setLength(0);
                }
            }
        } catch (IOException e) {
            // The command ended and its input closed: nothing more to send.
        }
    }

    private static void restore(Terminal terminal, Attributes saved) {
        try {
            terminal.setAttributes(saved);
            terminal.close();
        } catch (IOException | RuntimeException e) {
            // Closing twice (the shutdown hook after the normal end) is harmless.
        }
    }
}
