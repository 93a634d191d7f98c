package dev.sandboxes.docker;

import static dev.sandboxes.docker.ScriptedEngine.cut;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.exception.NotFoundException;
import dev.sandboxes.errors.RuntimeUnavailableException;
import dev.sandboxes.errors.SandboxException;
import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Reading the exit code after the stream ended, from an engine that answers late, or on a cut connection. */
class ExitCodePollerTest {

    private static final ExitCodePoller.ExecState RUNNING = new ExitCodePoller.ExecState(true, null);
    private static final DockerErrors ERRORS = new DockerErrors(
            new DockerEndpoint(URI.create("tcp://127.0.0.1:2375"), Optional.empty(), "test"));

    @Test
    void anExitCodeTheEngineKnowsIsTheEnding() {
        ScriptedEngine<ExitCodePoller.ExecState> engine = engine(exited(3));

        assertEquals(new ExecEnding.Exited(3), poll(engine));
        assertEquals(1, engine.calls());
    }

    @Test
    void theEngineIsAskedAgainUntilItHasNotedTheExit() {
        // It reports the exec running a moment after the stream closed; then stopped, before the code is there.
        ScriptedEngine<ExitCodePoller.ExecState> engine = engine(RUNNING, RUNNING,
                new ExitCodePoller.ExecState(false, null), exited(0));

        assertEquals(new ExecEnding.Exited(0), poll(engine));
        assertEquals(4, engine.calls());
    }

    @Test
    void aCodeWhileStillRunningIsNotYetTheExit() {
        ScriptedEngine<ExitCodePoller.ExecState> engine = engine(new ExitCodePoller.ExecState(true, 0L), exited(1));

        assertEquals(new ExecEnding.Exited(1), poll(engine));
    }

    @Test
    void theCutThatEndedTheStreamIsAskedPastOnNewConnections() {
        ScriptedEngine<ExitCodePoller.ExecState> engine = engine(cut(), cut(), exited(0));

        assertEquals(new ExecEnding.Exited(0), poll(engine));
        assertEquals(3, engine.calls());
    }

    @Test
    void cutsCountTogetherEvenBetweenAnswers() {
        ScriptedEngine<ExitCodePoller.ExecState> engine = engine(cut(), RUNNING, cut(), RUNNING, cut(), exited(0));

        ExecEnding ending = poll(engine);

        assertInstanceOf(ExecEnding.EngineLost.class, ending);
        assertEquals(5, engine.calls());
    }

    @Test
    void threeCutsMeanTheEngineIsLost() {
        ScriptedEngine<ExitCodePoller.ExecState> engine = engine(cut(), cut(), cut(), exited(0));

        ExecEnding.EngineLost lost = assertInstanceOf(ExecEnding.EngineLost.class, poll(engine));

        assertInstanceOf(RuntimeUnavailableException.class, lost.cut());
        assertTrue(lost.cut().getMessage().contains("read the exit code of sleep"), lost.cut().getMessage());
        assertEquals(3, engine.calls());
    }

    @Test
    void anEngineThatRefusesToAnswerIsNotAskedAgain() {
        ScriptedEngine<ExitCodePoller.ExecState> engine = engine(
                new NotFoundException("{\"message\":\"No such exec instance: e1\"}"), exited(0));

        SandboxException e = assertThrows(SandboxException.class, () -> poll(engine));

        assertTrue(e.getMessage().contains("refused to read the exit code of sleep (HTTP 404): No such exec instance: e1"),
                e.getMessage());
        assertEquals(1, engine.calls());
    }

    @Test
    void anEngineThatReportsTheCommandRunningForTwoSecondsWasCutFromIt() {
        ScriptedEngine<ExitCodePoller.ExecState> engine = engine(RUNNING);

        assertEquals(new ExecEnding.StillReportedRunning(), poll(engine));
        assertEquals(400, engine.calls());
    }

    @Test
    void anInterruptStopsTheWaitAndIsKept() {
        ScriptedEngine<ExitCodePoller.ExecState> engine = engine(RUNNING);
        Thread.currentThread().interrupt();
        try {
            assertEquals(new ExecEnding.StillReportedRunning(), poll(engine));
            assertTrue(Thread.currentThread().isInterrupted());
            assertEquals(1, engine.calls());
        } finally {
            Thread.interrupted();
        }
    }

    private static ExecEnding poll(ScriptedEngine<ExitCodePoller.ExecState> engine) {
        return new ExitCodePoller(engine, ERRORS, "sleep").await();
    }

    private static ScriptedEngine<ExitCodePoller.ExecState> engine(Object... answers) {
        return ScriptedEngine.answering(ExitCodePoller.ExecState.class, answers);
    }

    private static ExitCodePoller.ExecState exited(long code) {
        return new ExitCodePoller.ExecState(false, code);
    }
}
