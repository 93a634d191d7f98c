package dev.sandboxes.internal;

import dev.sandboxes.core.SandboxListener;
import dev.sandboxes.exec.AuditEntry;
import dev.sandboxes.exec.ExecEvent;
import dev.sandboxes.exec.ExecRequest;
import dev.sandboxes.exec.ExecResult;
import dev.sandboxes.spi.SecretNames;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells a handle's listener of each command it runs, and writes each to the sandbox's audit log:
 * started, then finished with its exit code and duration (or why it failed).
 */
public final class ExecRecorder {

    private static final Logger LOG = LoggerFactory.getLogger(ExecRecorder.class);

    private final String sandboxId;
    private final String agentUser;
    private final SandboxListener listener;
    private final AuditLog audit;

    public ExecRecorder(String sandboxId, String agentUser, SandboxListener listener, AuditLog audit) {
        this.sandboxId = sandboxId;
        this.agentUser = agentUser;
        this.listener = listener;
        this.audit = audit;
    }

    /** A command that started: what is known of it until it ends. */
    public final class Started {
        private final ExecEvent.Kind kind;
        private final List<String> argv;
        private final String user;
        private final Instant time = Instant.now();
        private final long startNanos = System.nanoTime();
        private final String execId = java.util.UUID.randomUUID().toString();

        private Started(ExecEvent.Kind kind, ExecRequest request) {
            this.kind = kind;
            this.argv = ArgvMask.mask(request.argv(), request.env().entrySet().stream()
                    .filter(variable -> SecretNames.isSecret(variable.getKey())).map(java.util.Map.Entry::getValue).toList());
            this.user = request.user().orElse(agentUser);
        }

        public void finished(ExecResult result) {
            end(OptionalInt.of(result.exitCode()), Optional.empty());
        }

        public void failed(Throwable failure) {
            Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            end(OptionalInt.empty(), Optional.of(String.valueOf(cause.getMessage())));
        }

        /** A detached command is written down once, as it starts: nothing waits for its end. */
        public void detached() {
            write(AuditLog.Phase.ENDED, event(ExecEvent.Type.STARTED, OptionalInt.empty(), Optional.empty(), Optional.empty()));
        }

        private void end(OptionalInt exitCode, Optional<String> failure) {
            ExecEvent finished = event(ExecEvent.Type.FINISHED, exitCode,
                    Optional.of(Duration.ofNanos(System.nanoTime() - startNanos)), failure);
            write(AuditLog.Phase.ENDED, finished);
            listener.onExec(finished);
        }

        private void write(AuditLog.Phase phase, ExecEvent event) {
            try {
                audit.append(sandboxId, execId, phase, AuditEntry.of(event));
            } catch (IOException | RuntimeException e) {
                LOG.warn("Could not write to the audit log of sandbox " + sandboxId + ": " + e);
            }
        }

        private ExecEvent event(ExecEvent.Type type, OptionalInt exitCode, Optional<Duration> duration,
                                Optional<String> failure) {
            return new ExecEvent(type, sandboxId, kind, argv, user, time, exitCode, duration, failure);
        }
    }

    public Started started(ExecEvent.Kind kind, ExecRequest request) {
        Started started = new Started(kind, request);
        ExecEvent event = started.event(ExecEvent.Type.STARTED, OptionalInt.empty(), Optional.empty(), Optional.empty());
        if (kind != ExecEvent.Kind.DETACHED) {
            started.write(AuditLog.Phase.STARTED, event);
        }
        listener.onExec(event);
        return started;
    }
}
