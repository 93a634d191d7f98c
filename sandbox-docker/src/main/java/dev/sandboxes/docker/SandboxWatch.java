package dev.sandboxes.docker;

import com.github.dockerjava.api.exception.NotFoundException;
import dev.sandboxes.errors.RuntimeUnavailableException;
import dev.sandboxes.errors.SandboxException;
import java.util.function.Supplier;

/** Looks at a sandbox after a command in it ended oddly, to tell the command's own failure from the sandbox's. */
final class SandboxWatch implements ExecOutcome.Sandbox {

    private static final int LOOKS = 6;
    private static final long PAUSE_MILLIS = 50;

    private final String containerId;
    private final String program;
    private final Supplier<Boolean> running;
    private final DockerErrors errors;

    /** @param running asks the engine whether the container runs, throwing what docker-java throws */
    SandboxWatch(String containerId, String program, Supplier<Boolean> running, DockerErrors errors) {
        this.containerId = containerId;
        this.program = program;
        this.running = running;
        this.errors = errors;
    }

    @Override
    public boolean runningNow() {
        try {
            return running.get();
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public SandboxFate fateAfterSignal() {
        for (int look = 0; look < LOOKS; look++) {
            boolean runs;
            try {
                runs = running.get();
            } catch (NotFoundException gone) {
                return new SandboxFate.Removed();
            } catch (RuntimeException e) {
                SandboxException failure = errors.translate("check sandbox " + containerId + " after " + program
                        + " ended by a signal", e);
                return failure instanceof RuntimeUnavailableException lost
                        ? new SandboxFate.EngineGone(lost) : new SandboxFate.Running();
            }
            if (!runs) {
                return new SandboxFate.Stopped();
            }
            try {
                Thread.sleep(PAUSE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new SandboxFate.Running();
            }
        }
        return new SandboxFate.Running();
    }
}
