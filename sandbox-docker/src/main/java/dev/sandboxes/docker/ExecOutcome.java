package dev.sandboxes.docker;

import dev.sandboxes.errors.SandboxException;
import dev.sandboxes.errors.SandboxNotFoundException;
import dev.sandboxes.errors.SandboxStateException;
import dev.sandboxes.exec.ExecResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

/**
 * Decides what the caller of a command gets once its exec is over: its result, or the library's
 * exception that says why there is none. It only weighs facts that the session gathered (the
 * engine calls are in {@link ExitCodePoller} and {@link SandboxWatch}), so that each case can be
 * tested alone; the sandbox's state is asked for only in the rare endings that depend on it.
 */
final class ExecOutcome {

    /** The output kept for the result; {@code stdoutHead} is its first KiB, where the runtime's own errors show. */
    record Output(byte[] stdout, byte[] stderr, String stdoutHead, boolean truncated) {
    }

    /** What else is known of the command when it ended. */
    record Facts(Output output, boolean killed, boolean timedOut, Duration elapsed) {
    }

    /** The sandbox's state, each answer costing engine calls. */
    interface Sandbox {

        /** One look: whether it runs now; false when the engine cannot tell. */
        boolean runningNow();

        /** Watched for a moment: the engine notes a stop a little after the kernel ended the processes. */
        SandboxFate fateAfterSignal();
    }

    private final String containerId;
    private final String program;

    ExecOutcome(String containerId, String program) {
        this.containerId = containerId;
        this.program = program;
    }

    /**
     * @return the command's result
     * @throws SandboxException when there is none to give, saying why
     */
    ExecResult classify(ExecEnding ending, Facts facts, Sandbox sandbox) {
        if (ending instanceof ExecEnding.Exited exited) {
            return exited(exited.code(), facts, sandbox);
        }
        if (ending instanceof ExecEnding.KillUnanswered unanswered) {
            String note = "\n[sandboxes] " + program + " did not end within " + unanswered.grace()
                    + " of being killed; it may still be running in sandbox " + containerId + ".\n";
            return result(137, facts.output().stdout(), concat(facts.output().stderr(), utf8(note)), facts);
        }
        throw failure(ending);
    }

    private ExecResult exited(int code, Facts facts, Sandbox sandbox) {
        String head = facts.output().stdoutHead();
        if (code == 126 && programMissing(head)) {
            // The program is not in the image: say so as shells do, on stderr with 127.
            return result(127, new byte[0], utf8(program + ": command not found (" + head.strip() + ")\n"), facts);
        }
        if (code == 126 && runtimeRefused(head) && !sandbox.runningNow()) {
            // Not the command's status: the engine could not start it in a sandbox going down.
            throw new SandboxStateException("Sandbox " + containerId + " could not start " + program + ": " + head.strip());
        }
        if (code > 128 && !facts.killed()) {
            failIfTheSandboxWentAway(sandbox.fateAfterSignal());
        }
        return result(code, facts.output().stdout(), facts.output().stderr(), facts);
    }

    /**
     * The runtime's words for a program missing from the image, and only those (not a missing
     * folder): a command's own output never begins so.
     */
    private boolean programMissing(String head) {
        return head.startsWith("OCI runtime exec failed")
                && (head.contains("exec: \"" + program + "\": executable file not found")
                || head.contains("exec: \"" + program + "\": stat " + program + ": no such file or directory"));
    }

    /**
     * The runtime's words for a command it could not start because the sandbox was going down. A
     * nested {@code docker exec} into another container prints the same, hence the look at the
     * sandbox. (A missing working folder stays the caller's 126.)
     */
    private static boolean runtimeRefused(String head) {
        return head.startsWith("OCI runtime exec failed") && (head.contains("stopped state") || head.contains("not running"));
    }

    /** A signal that nobody here sent: was the sandbox stopped or removed under the command, or did the engine go? */
    private void failIfTheSandboxWentAway(SandboxFate fate) {
        if (fate instanceof SandboxFate.Removed) {
            throw new SandboxNotFoundException("Sandbox " + containerId + " was removed while " + program + " ran in it.");
        }
        if (fate instanceof SandboxFate.Stopped) {
            throw new SandboxStateException("Sandbox " + containerId + " was stopped while " + program
                    + " ran in it. Open its workspace again to start it.");
        }
        if (fate instanceof SandboxFate.EngineGone gone) {
            throw gone.failure();
        }
    }

    private SandboxException failure(ExecEnding ending) {
        String ran = program + " ran in sandbox " + containerId;
        if (ending instanceof ExecEnding.EngineLost lost) {
            return new SandboxException("The connection to the Docker engine ended while " + ran + ", and the engine no"
                    + " longer answers: its output may be cut short and its exit status is unknown. " + lost.cut().getMessage(),
                    lost.cut());
        }
        if (ending instanceof ExecEnding.StillReportedRunning) {
            return new SandboxException("The connection to the Docker engine ended while " + ran + ", and the engine still"
                    + " reports it running: its output may be cut short and its exit status is unknown. It may still be"
                    + " running there.");
        }
        if (ending instanceof ExecEnding.StreamBroke broke) {
            return new SandboxException("The connection to the Docker engine broke while " + ran + ": "
                    + broke.error().getMessage() + ". The command may still be running.", broke.error());
        }
        Throwable error = ((ExecEnding.StreamFailed) ending).error();
        return new SandboxException("The connection to the Docker engine broke while " + ran + ": " + error, error);
    }

    private static ExecResult result(int code, byte[] stdout, byte[] stderr, Facts facts) {
        return new ExecResult(code, stdout, stderr, facts.elapsed(), facts.output().truncated(), facts.timedOut());
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }
}
