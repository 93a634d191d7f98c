package dev.sandboxes.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sandboxes.errors.RuntimeUnavailableException;
import dev.sandboxes.errors.SandboxException;
import dev.sandboxes.errors.SandboxNotFoundException;
import dev.sandboxes.errors.SandboxStateException;
import dev.sandboxes.exec.ExecResult;
import java.io.EOFException;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the caller of a command gets, for each way its exec can end. */
class ExecOutcomeTest {

    private static final Duration ELAPSED = Duration.ofMillis(42);
    private static final String NOT_FOUND = "OCI runtime exec failed: exec failed: unable to start container process:"
            + " exec: \"nope\": executable file not found in $PATH: unknown\r\n";
    private static final String STOPPED = "OCI runtime exec failed: exec failed: cannot exec in a stopped state: unknown\r\n";

    private final ExecOutcome outcome = new ExecOutcome("sb1", "nope");
    private final FakeSandbox sandbox = new FakeSandbox();

    @ParameterizedTest(name = "exit {0}")
    @ValueSource(ints = {0, 1, 2, 125, 126, 127, 128})
    void anExitCodeIsTheCommandsOwnAndTheSandboxIsNotAsked(int code) {
        ExecResult result = outcome.classify(new ExecEnding.Exited(code), facts("out", "err", false, false), sandbox);

        assertEquals(code, result.exitCode());
        assertEquals("out", result.stdout());
        assertEquals("err", result.stderr());
        assertEquals(ELAPSED, result.duration());
        assertFalse(result.timedOut());
        assertEquals(0, sandbox.asked);
    }

    @Test
    void truncationIsCarriedOver() {
        ExecOutcome.Facts facts = new ExecOutcome.Facts(new ExecOutcome.Output(utf8("o"), utf8("e"), "o", true), false, false, ELAPSED);

        assertTrue(outcome.classify(new ExecEnding.Exited(0), facts, sandbox).truncated());
    }

    @Test
    void aProgramMissingFromTheImageIs127OnStderrAsInAShell() {
        ExecResult result = outcome.classify(new ExecEnding.Exited(126), facts(NOT_FOUND, "", false, false), sandbox);

        assertEquals(127, result.exitCode());
        assertEquals("", result.stdout());
        assertEquals("nope: command not found (" + NOT_FOUND.strip() + ")\n", result.stderr());
        assertEquals(0, sandbox.asked);
    }

    @Test
    void aProgramGivenByPathMissingFromTheImageIs127Too() {
        String head = "OCI runtime exec failed: exec failed: unable to start container process: exec: \"/opt/nope\":"
                + " stat /opt/nope: no such file or directory: unknown";

        ExecResult result = new ExecOutcome("sb1", "/opt/nope").classify(new ExecEnding.Exited(126), facts(head, "", false, false), sandbox);

        assertEquals(127, result.exitCode());
        assertTrue(result.stderr().startsWith("/opt/nope: command not found ("), result.stderr());
    }

    @Test
    void anotherProgramMissingStays126() {
        // `nope` ran, and printed the runtime's words about some other program (a nested docker exec).
        String head = NOT_FOUND.replace("\"nope\"", "\"other\"");

        ExecResult result = outcome.classify(new ExecEnding.Exited(126), facts(head, "", false, false), sandbox);

        assertEquals(126, result.exitCode());
        assertEquals(head, result.stdout());
    }

    @Test
    void aMissingWorkingFolderStaysTheCallers126() {
        String head = "OCI runtime exec failed: exec failed: unable to start container process: chdir to cwd (\"/nowhere\")"
                + " set in config.json failed: no such file or directory: unknown";

        ExecResult result = outcome.classify(new ExecEnding.Exited(126), facts(head, "", false, false), sandbox);

        assertEquals(126, result.exitCode());
        assertEquals(head, result.stdout());
    }

    @Test
    void theRuntimeRefusingAStoppedSandboxIsTheSandboxsState() {
        sandbox.runningNow = false;

        SandboxStateException e = assertThrows(SandboxStateException.class,
                () -> outcome.classify(new ExecEnding.Exited(126), facts(STOPPED, "", false, false), sandbox));

        assertEquals("Sandbox sb1 could not start nope: " + STOPPED.strip(), e.getMessage());
        assertEquals(1, sandbox.asked);
    }

    @Test
    void theSameWordsFromASandboxThatRunsAreTheCommandsOwn126() {
        // A nested `docker exec` into another, stopped, container prints them too.
        sandbox.runningNow = true;

        ExecResult result = outcome.classify(new ExecEnding.Exited(126), facts(STOPPED, "", false, false), sandbox);

        assertEquals(126, result.exitCode());
        assertEquals(STOPPED, result.stdout());
    }

    @ParameterizedTest(name = "exit {0}")
    @ValueSource(ints = {129, 137, 143})
    void aSignalNobodyHereSentInASandboxThatRunsIsTheCommandsOwn(int code) {
        sandbox.fate = new SandboxFate.Running();

        ExecResult result = outcome.classify(new ExecEnding.Exited(code), facts("", "", false, false), sandbox);

        assertEquals(code, result.exitCode());
        assertEquals(1, sandbox.asked);
    }

    @Test
    void aSignalFromStoppingTheSandboxSaysItWasStopped() {
        sandbox.fate = new SandboxFate.Stopped();

        SandboxStateException e = assertThrows(SandboxStateException.class,
                () -> outcome.classify(new ExecEnding.Exited(137), facts("", "", false, false), sandbox));

        assertEquals("Sandbox sb1 was stopped while nope ran in it. Open its workspace again to start it.", e.getMessage());
    }

    @Test
    void aSignalFromRemovingTheSandboxSaysItWasRemoved() {
        sandbox.fate = new SandboxFate.Removed();

        SandboxNotFoundException e = assertThrows(SandboxNotFoundException.class,
                () -> outcome.classify(new ExecEnding.Exited(137), facts("", "", false, false), sandbox));

        assertEquals("Sandbox sb1 was removed while nope ran in it.", e.getMessage());
    }

    @Test
    void aSignalWithTheEngineGoneIsTheEnginesLoss() {
        RuntimeUnavailableException lost = new RuntimeUnavailableException("Lost the Docker engine");
        sandbox.fate = new SandboxFate.EngineGone(lost);

        assertSame(lost, assertThrows(RuntimeUnavailableException.class,
                () -> outcome.classify(new ExecEnding.Exited(137), facts("", "", false, false), sandbox)));
    }

    @ParameterizedTest(name = "timed out: {0}")
    @ValueSource(booleans = {false, true})
    void aKilledCommandsSignalIsItsResultAndTheSandboxIsNotAsked(boolean timedOut) {
        sandbox.fate = new SandboxFate.Stopped();

        ExecResult result = outcome.classify(new ExecEnding.Exited(137), facts("partial", "", true, timedOut), sandbox);

        assertEquals(137, result.exitCode());
        assertEquals("partial", result.stdout());
        assertEquals(timedOut, result.timedOut());
        assertEquals(0, sandbox.asked);
    }

    @Test
    void aKillThatGoesUnansweredGivesUpWith137AndANote() {
        ExecResult result = outcome.classify(new ExecEnding.KillUnanswered(Duration.ofSeconds(10)),
                facts("so far", "warning\n", true, true), sandbox);

        assertEquals(137, result.exitCode());
        assertEquals("so far", result.stdout());
        assertEquals("warning\n\n[sandboxes] nope did not end within PT10S of being killed; it may still be running in"
                + " sandbox sb1.\n", result.stderr());
        assertTrue(result.timedOut());
        assertEquals(0, sandbox.asked);
    }

    @Test
    void anEngineThatNoLongerAnswersAfterTheStreamEndedLeavesTheExitUnknown() {
        RuntimeUnavailableException cut = new RuntimeUnavailableException("Lost the Docker engine at unix:///x: refused.");

        SandboxException e = assertThrows(SandboxException.class,
                () -> outcome.classify(new ExecEnding.EngineLost(cut), facts("", "", false, false), sandbox));

        // Not "the runtime is unavailable": the command ran, and only its ending is unknown.
        assertEquals(SandboxException.class, e.getClass());
        assertEquals("The connection to the Docker engine ended while nope ran in sandbox sb1, and the engine no longer"
                + " answers: its output may be cut short and its exit status is unknown. " + cut.getMessage(), e.getMessage());
        assertSame(cut, e.getCause());
    }

    @Test
    void anEngineThatStillReportsTheCommandRunningWasCutFromIt() {
        SandboxException e = assertThrows(SandboxException.class,
                () -> outcome.classify(new ExecEnding.StillReportedRunning(), facts("", "", false, false), sandbox));

        assertEquals(SandboxException.class, e.getClass());
        assertTrue(e.getMessage().contains("the engine still reports it running"), e.getMessage());
        assertTrue(e.getMessage().endsWith("It may still be running there."), e.getMessage());
    }

    @Test
    void aBrokenStreamSaysTheCommandMayStillRun() {
        EOFException cut = new EOFException("The exec stream ended inside a frame");

        SandboxException e = assertThrows(SandboxException.class,
                () -> outcome.classify(new ExecEnding.StreamBroke(cut), facts("", "", false, false), sandbox));

        assertEquals("The connection to the Docker engine broke while nope ran in sandbox sb1: The exec stream ended"
                + " inside a frame. The command may still be running.", e.getMessage());
        assertSame(cut, e.getCause());
        assertEquals(0, sandbox.asked);
    }

    @Test
    void aFailedDockerJavaStreamIsABrokenConnection() {
        RuntimeException failure = new RuntimeException(new SocketException("Connection reset"));

        SandboxException e = assertThrows(SandboxException.class,
                () -> outcome.classify(new ExecEnding.StreamFailed(failure), facts("", "", false, false), sandbox));

        assertEquals("The connection to the Docker engine broke while nope ran in sandbox sb1: " + failure, e.getMessage());
        assertSame(failure, e.getCause());
    }

    private static ExecOutcome.Facts facts(String stdout, String stderr, boolean killed, boolean timedOut) {
        byte[] out = utf8(stdout);
        String head = new String(out, 0, Math.min(out.length, 1024), StandardCharsets.UTF_8);
        return new ExecOutcome.Facts(new ExecOutcome.Output(out, utf8(stderr), head, false), killed, timedOut, ELAPSED);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A sandbox whose answers the test sets, counting how often it was asked (each answer costs engine calls). */
    private static final class FakeSandbox implements ExecOutcome.Sandbox {
        boolean runningNow = true;
        SandboxFate fate = new SandboxFate.Running();
        int asked;

        @Override
        public boolean runningNow() {
            asked++;
            return runningNow;
        }

        @Override
        public SandboxFate fateAfterSignal() {
            asked++;
            return fate;
        }
    }
}
