package dev.sandboxes.exec;

import dev.sandboxes.core.SandboxListener;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A command starting or finishing in a sandbox, told to {@link SandboxListener#onExec}: every
 * command, agent run and detached command a handle runs. Values that look secret are masked in
 * {@code argv}, as in the audit log.
 *
 * <pre>{@code
 * Sandboxes.forWorkspace(dir).listener(new SandboxListener() {
 *     public void onEvent(SandboxEvent event) { }
 *     public void onExec(ExecEvent event) {
 *         if (event.type() == ExecEvent.Type.FINISHED) log.info("{} exited {}", event.argv(), event.exitCode());
 *     }
 * }).open();
 * }</pre>
 *
 * @param type      started or finished
 * @param sandboxId the sandbox's id
 * @param kind      a command, an agent run, or a detached command
 * @param argv      the command, secret values masked
 * @param user      who runs it: the agent user's name, or the one asked for
 * @param time      when it started
 * @param exitCode  its exit code, once finished (empty when it failed to run, or for a detached command)
 * @param duration  how long it took, once finished
 * @param failure   why it did not finish with an exit code (the sandbox stopped, the engine went away)
 */
public record ExecEvent(Type type, String sandboxId, Kind kind, List<String> argv, String user, Instant time,
                        OptionalInt exitCode, Optional<Duration> duration, Optional<String> failure) {

    public ExecEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(sandboxId, "sandboxId");
        Objects.requireNonNull(kind, "kind");
        argv = List.copyOf(argv);
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(exitCode, "exitCode");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(failure, "failure");
    }

    /** Whether the command started or finished. */
    public enum Type {
        STARTED, FINISHED
    }

    /** What ran. */
    public enum Kind {
        /** A command: {@code exec} or {@code start}. */
        COMMAND,
        /** The sandbox's agent: {@code agent().prompt(...)} or {@code interactive(...)}. */
        AGENT,
        /** A command left running: {@code startDetached}. It has no finished event. */
        DETACHED
    }
}
