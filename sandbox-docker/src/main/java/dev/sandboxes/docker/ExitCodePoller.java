package dev.sandboxes.docker;

import dev.sandboxes.errors.RuntimeUnavailableException;
import java.util.function.Supplier;

/**
 * Reads a command's exit code once its output stream has ended. The engine notes the exit a moment
 * after the stream closes, so it is asked again until it has.
 */
final class ExitCodePoller {

    private static final int ATTEMPTS = 400;
    private static final long PAUSE_MILLIS = 5;
    /** Failed connections after which the engine counts as gone. */
    private static final int CUTS = 3;

    /** What the engine says of an exec. */
    record ExecState(boolean running, Long exitCode) {
    }

    private final Supplier<ExecState> inspect;
    private final DockerErrors errors;
    private final String program;

    /** @param inspect asks the engine, throwing what docker-java throws */
    ExitCodePoller(Supplier<ExecState> inspect, DockerErrors errors, String program) {
        this.inspect = inspect;
        this.errors = errors;
        this.program = program;
    }

    /**
     * @return {@link ExecEnding.Exited}, {@link ExecEnding.EngineLost} or {@link ExecEnding.StillReportedRunning}
     * @throws dev.sandboxes.errors.SandboxException when the engine refuses to answer
     */
    ExecEnding await() {
        int lost = 0;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            ExecState exec;
            try {
                exec = errors.call("read the exit code of " + program, inspect);
            } catch (RuntimeUnavailableException cut) {
                // The cut that ended the stream can have closed the pooled connection this asks on too:
                // the next attempts get new ones. If those fail as well, the engine is gone.
                if (++lost < CUTS) {
                    continue;
                }
                return new ExecEnding.EngineLost(cut);
            }
            if (!exec.running() && exec.exitCode() != null) {
                return new ExecEnding.Exited(exec.exitCode().intValue());
            }
            try {
                Thread.sleep(PAUSE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return new ExecEnding.StillReportedRunning();
    }
}
