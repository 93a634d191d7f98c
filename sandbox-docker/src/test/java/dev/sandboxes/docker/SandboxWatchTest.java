package dev.sandboxes.docker;

import static dev.sandboxes.docker.ScriptedEngine.cut;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.exception.InternalServerErrorException;
import com.github.dockerjava.api.exception.NotFoundException;
import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Telling a sandbox that went away from a command that ended by a signal of its own. */
class SandboxWatchTest {

    private static final DockerErrors ERRORS = new DockerErrors(
            new DockerEndpoint(URI.create("tcp://127.0.0.1:2375"), Optional.empty(), "test"));

    @Test
    void oneLookSaysWhetherItRunsNow() {
        assertTrue(watch(engine(true)).runningNow());
        assertFalse(watch(engine(false)).runningNow());
    }

    @Test
    void aSandboxTheEngineCannotAnswerForDoesNotRunNow() {
        assertFalse(watch(engine(cut())).runningNow());
        assertFalse(watch(engine(new NotFoundException("gone"))).runningNow());
    }

    @Test
    void aSandboxThatKeepsRunningIsWatchedSixTimes() {
        ScriptedEngine<Boolean> engine = engine(true);

        assertEquals(new SandboxFate.Running(), watch(engine).fateAfterSignal());
        assertEquals(6, engine.calls());
    }

    @Test
    void aStopTheEngineNotesLateIsSeen() {
        ScriptedEngine<Boolean> engine = engine(true, true, false);

        assertEquals(new SandboxFate.Stopped(), watch(engine).fateAfterSignal());
        assertEquals(3, engine.calls());
    }

    @Test
    void aSandboxTheEngineNoLongerKnowsWasRemoved() {
        assertEquals(new SandboxFate.Removed(), watch(engine(true, new NotFoundException("No such container: sb1")))
                .fateAfterSignal());
    }

    @Test
    void anEngineThatNoLongerAnswersIsGoneWithTheCommand() {
        SandboxFate.EngineGone gone = assertInstanceOf(SandboxFate.EngineGone.class, watch(engine(cut())).fateAfterSignal());

        assertTrue(gone.failure().getMessage().contains("check sandbox sb1 after sleep ended by a signal"),
                gone.failure().getMessage());
    }

    @Test
    void anyOtherFailureTellsNothingSoTheSignalIsTheCommandsOwn() {
        ScriptedEngine<Boolean> engine = engine(new InternalServerErrorException("boom"), false);

        assertEquals(new SandboxFate.Running(), watch(engine).fateAfterSignal());
        assertEquals(1, engine.calls());
    }

    private static SandboxWatch watch(ScriptedEngine<Boolean> engine) {
        return new SandboxWatch("sb1", "sleep", engine, ERRORS);
    }

    private static ScriptedEngine<Boolean> engine(Object... answers) {
        return ScriptedEngine.answering(Boolean.class, answers);
    }
}
