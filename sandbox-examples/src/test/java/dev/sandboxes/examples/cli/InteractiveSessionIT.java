package dev.sandboxes.examples.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sandboxes.Sandboxes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sandbox run shell} through a real pseudo-terminal: tmux runs the CLI in a window of its
 * own, the test types into it, reads the screen, resizes the window, leaves with Ctrl-D, and checks
 * that the terminal is back in its normal mode. The shell agent's template is the real base one
 * (built here when missing; in CI the Docker module's tests have built it).
 */
class InteractiveSessionIT {

    private final String session = "sandbox-it-" + UUID.randomUUID().toString().substring(0, 8);

    @TempDir
    Path workspace;

    @AfterEach
    void cleanUp() throws Exception {
        tmux("kill-session", "-t", session);
        Sandboxes.find(workspace).ifPresent(s -> Sandboxes.remove(s.id()));
    }

    @Test
    void aShellSessionTakesKeystrokesFollowsResizesAndRestoresTheTerminal() throws Exception {
        String cli = String.join(" ", CliProcess.command("run", "-q", "shell").stream().map(InteractiveSessionIT::quoted).toList());
        // After the CLI ends, the pane shows its exit code and the terminal's mode, then a mark that both are out.
        String script = "cd " + quoted(workspace.toString()) + " && " + cli + "; echo EXITED=$?; stty -a; echo MODES-SHOWN; sleep 600";
        tmux("new-session", "-d", "-s", session, "-x", "100", "-y", "30", script);

        String prompt = "agent@";
        waitForScreen(screen -> screen.contains(prompt), "the shell's prompt");
        tmux("send-keys", "-t", session, "echo hello-$((6*7))", "Enter");
        waitForScreen(screen -> screen.contains("hello-42"), "the command's output");
        tmux("send-keys", "-t", session, "stty size", "Enter");
        waitForScreen(screen -> screen.contains("30 100"), "the first window size");
        tmux("resize-window", "-t", session, "-x", "120", "-y", "40");
        // The new size travels tmux -> SIGWINCH -> the CLI -> the engine: ask until it has arrived.
        awaitNewSize();

        tmux("send-keys", "-t", session, "C-d");
        String after = waitForScreen(screen -> screen.contains("MODES-SHOWN"), "the CLI's end and the terminal's modes");
        assertTrue(after.contains("EXITED=0"), after);
        String modes = after.substring(after.indexOf("EXITED="));
        assertTrue(modes.matches("(?s).*[ ;]icanon .*") && modes.matches("(?s).* echo .*"),
                "the terminal is back in canonical mode with echo:\n" + modes);
    }

    @Test
    void execWithATerminalRunsACommandInteractivelyInARunningSandbox() throws Exception {
        CliProcess.Outcome created = CliProcess.run(workspace, "run", "-d", "-t", "sandboxes/test-template:latest", "shell");
        assertTrue(created.exitCode() == 0, created::toString);
        String cli = String.join(" ", CliProcess.command("exec", "-it", created.stdout().strip(), "sh").stream()
                .map(InteractiveSessionIT::quoted).toList());
        tmux("new-session", "-d", "-s", session, "-x", "100", "-y", "30", cli + "; echo EXITED=$?; sleep 600");

        waitForScreen(screen -> screen.contains("$ "), "the shell's prompt");
        tmux("send-keys", "-t", session, "echo sum-$((2+3))", "Enter");
        waitForScreen(screen -> screen.contains("sum-5"), "the command's output");
        tmux("send-keys", "-t", session, "exit 4", "Enter");
        waitForScreen(screen -> screen.contains("EXITED=4"), "the shell's exit code as the CLI's");
    }

    private void awaitNewSize() throws Exception {
        for (int attempt = 0; attempt < 30; attempt++) {
            tmux("send-keys", "-t", session, "stty size", "Enter");
            if (screenWithin(screen -> screen.contains("40 120"), TimeUnit.SECONDS.toNanos(1)).isPresent()) {
                return;
            }
        }
        throw new AssertionError("The sandbox's terminal never took the new size; it shows:\n" + capture());
    }

    private String waitForScreen(Predicate<String> shown, String what) throws Exception {
        // The first run may build the template.
        Optional<String> screen = screenWithin(shown, TimeUnit.MINUTES.toNanos(4));
        if (screen.isEmpty()) {
            throw new AssertionError("Waited in vain for " + what + "; the terminal shows:\n" + capture());
        }
        return screen.get();
    }

    /** The screen as soon as it shows what is wanted, polled until the time is up; empty if it never does. */
    private Optional<String> screenWithin(Predicate<String> shown, long nanos) throws Exception {
        long end = System.nanoTime() + nanos;
        do {
            String screen = capture();
            if (shown.test(screen)) {
                return Optional.of(screen);
            }
            Thread.sleep(100);
        } while (System.nanoTime() < end);
        return Optional.empty();
    }

    private String capture() throws Exception {
        return tmux("capture-pane", "-p", "-J", "-S", "-100", "-t", session);
    }

    private static String tmux(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("tmux"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor(30, TimeUnit.SECONDS);
        return output;
    }

    private static String quoted(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
