package dev.sandboxes.exec;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One command, agent run or detached command in a sandbox's audit log. Kept on the host, outside
 * the sandbox's reach, and readable after the process that ran it has exited; a command whose
 * process died before it ended is there too, its failure saying that no end was recorded.
 *
 * <pre>{@code
 * for (AuditEntry entry : sandbox.auditLog()) {
 *     System.out.println(entry.time() + " " + entry.user() + " " + entry.argv() + " -> " + entry.exitCode());
 * }
 * }</pre>
 *
 * @param time     when it started
 * @param kind     a command, an agent run, or a detached command
 * @param user     who ran it
 * @param argv     the command, secret values masked
 * @param exitCode its exit code (empty when it failed to run, or for a detached command)
 * @param duration how long it took (empty for a detached command)
 * @param failure  why it has no exit code, when it failed
 */
public record AuditEntry(Instant time, ExecEvent.Kind kind, String user, List<String> argv, OptionalInt exitCode,
                         Optional<Duration> duration, Optional<String> failure) {

    public AuditEntry {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(user, "user");
        argv = List.copyOf(argv);
        Objects.requireNonNull(exitCode, "exitCode");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(failure, "failure");
    }

    /** The entry of a finished (or detached) command's event. */
    public static AuditEntry of(ExecEvent event) {
        return new AuditEntry(event.time(), event.kind(), event.user(), event.argv(), event.exitCode(), event.duration(),
                event.failure());
    }
}
