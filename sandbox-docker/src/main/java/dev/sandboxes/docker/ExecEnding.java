package dev.sandboxes.docker;

import dev.sandboxes.errors.RuntimeUnavailableException;
import java.io.IOException;
import java.time.Duration;

/** How an exec ended, as far as its session saw: what {@link ExecOutcome} turns into a result or an exception. */
sealed interface ExecEnding {

    /** The stream ended and the engine gave the exit code. */
    record Exited(int code) implements ExecEnding {
    }

    /** The stream ended, and the engine stopped answering before it gave the exit code. */
    record EngineLost(RuntimeUnavailableException cut) implements ExecEnding {
    }

    /**
     * The stream ended, yet the engine kept reporting the command running: the stream ends before
     * the command only when the connection to the engine was cut.
     */
    record StillReportedRunning() implements ExecEnding {
    }

    /** Our own connection to the engine broke, or ended inside a frame. */
    record StreamBroke(IOException error) implements ExecEnding {
    }

    /** docker-java reported its stream failed. */
    record StreamFailed(Throwable error) implements ExecEnding {
    }

    /** The command was killed, and its stream did not end within {@code grace}. */
    record KillUnanswered(Duration grace) implements ExecEnding {
    }
}
