package dev.sandboxes.examples.cli;

import dev.sandboxes.errors.SandboxStateException;
import dev.sandboxes.exec.ExecHandle;
import dev.sandboxes.exec.ExecListener;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.function.Function;
import org.jline.terminal.Attributes;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.NonBlockingInputStream;

/**
 * Connects the user's terminal to a command on a TTY in a sandbox, as {@code docker exec -it} does:
 * the terminal in raw mode (so Ctrl-C, Ctrl-D and arrow keys reach the command), every keystroke
 * forwarded as the bytes typed, window-size changes followed, and the terminal restored when the
 * command ends, on a signal to this process, and on errors. JLine does the terminal handling.
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
     * @throws SandboxStateException when this process has no terminal (its input is a file or a pipe)
     */
    static int attach(Function<ExecListener, ExecHandle> start) {
        Terminal terminal = systemTerminal();
        Attributes saved = terminal.enterRawMode();
        Thread restoreOnExit = new Thread(() -> restore(terminal, saved));
        Runtime.getRuntime().addShutdownHook(restoreOnExit);
        Thread keyboard = null;
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
            terminal.handle(Terminal.Signal.WINCH, signal -> followResize(terminal, handle));
            keyboard = new Thread(() -> forwardKeys(terminal.input(), handle), "sandbox-keyboard");
            keyboard.setDaemon(true);
            keyboard.start();
            return Await.exitCode(handle);
        } finally {
            if (keyboard != null) {
                keyboard.interrupt();
                joinQuietly(keyboard);
            }
            terminal.handle(Terminal.Signal.WINCH, Terminal.SignalHandler.SIG_DFL);
            restore(terminal, saved);
            try {
                Runtime.getRuntime().removeShutdownHook(restoreOnExit);
            } catch (IllegalStateException shuttingDown) {
                // The JVM is exiting (a signal to this process): the hook restores the terminal too.
            }
        }
    }

    private static Terminal systemTerminal() {
        Terminal terminal;
        try {
            terminal = TerminalBuilder.builder().system(true).build();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not open the terminal", e);
        }
        if (terminal.getType().startsWith(Terminal.TYPE_DUMB)) {
            restore(terminal, null);
            throw new SandboxStateException("The input is not a terminal, so there is nothing to attach to: run with"
                    + " -d to start without attaching, or use exec without -t.");
        }
        return terminal;
    }

    /** A window resized after the command ended is no error: there is nothing left to resize. */
    private static void followResize(Terminal terminal, ExecHandle handle) {
        if (!handle.result().isDone()) {
            try {
                handle.resizeTerminal(terminal.getWidth(), terminal.getHeight());
            } catch (RuntimeException endedMeanwhile) {
                // The command ended between the check and the resize.
            }
        }
    }

    /** Sends the bytes typed to the command's standard input until the command ends or input does. */
    private static void forwardKeys(InputStream keys, ExecHandle handle) {
        OutputStream stdin = handle.stdin();
        byte[] one = new byte[1];
        try {
            while (!handle.result().isDone() && !Thread.currentThread().isInterrupted()) {
                int b = keys instanceof NonBlockingInputStream polled ? polled.read(POLL_MILLIS) : keys.read();
                if (b == NonBlockingInputStream.READ_EXPIRED) {
                    continue;
                }
                if (b < 0) {
                    stdin.close();  // this side's input ended: so does the command's
                    return;
                }
                one[0] = (byte) b;
                stdin.write(one);
                stdin.flush();
            }
        } catch (IOException e) {
            // The command ended and its input closed: nothing more to send.
        }
    }

    private static void joinQuietly(Thread thread) {
        try {
            thread.join(POLL_MILLIS * 4);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void restore(Terminal terminal, Attributes saved) {
        try {
            if (saved != null) {
                terminal.setAttributes(saved);
            }
            terminal.close();
        } catch (IOException | RuntimeException e) {
            // Closing twice (the shutdown hook after the normal end) is harmless.
        }
    }
}
