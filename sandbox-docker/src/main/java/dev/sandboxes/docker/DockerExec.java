package dev.sandboxes.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.ExecCreateCmd;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Frame;
import dev.sandboxes.AgentUser;
import dev.sandboxes.ExecRequest;
import dev.sandboxes.ExecResult;
import dev.sandboxes.SandboxException;
import dev.sandboxes.SandboxNotFoundException;
import dev.sandboxes.SandboxStateException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * Runs one command in a sandbox and collects its output: the same three engine calls as a plain
 * docker-java exec (create, start attached, inspect for the exit code), nothing more.
 */
final class DockerExec {

    private final DockerClient client;
    private final DockerErrors errors;

    DockerExec(DockerClient client, DockerErrors errors) {
        this.client = client;
        this.errors = errors;
    }

    ExecResult run(String containerId, ExecRequest request) {
        long started = System.nanoTime();
        List<String> argv = request.argv();
        String action = "run " + argv.get(0) + " in sandbox " + containerId;
        String execId = create(containerId, request, action);
        OutputCollector output = new OutputCollector();
        errors.run(action, () -> {
            try {
                client.execStartCmd(execId).exec(output).awaitCompletion();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SandboxException("Interrupted while waiting for " + argv.get(0) + " in sandbox " + containerId, e);
            }
            output.rethrowFailure();
        });
        Long exitCode = errors.call(action, () -> client.inspectExecCmd(execId).exec().getExitCodeLong());
        if (exitCode == null) {
            throw new SandboxException("The connection to the Docker engine ended before " + argv.get(0)
                    + " did in sandbox " + containerId + ": its exit status is unknown, and it may still be running.");
        }
        return new ExecResult(exitCode.intValue(), output.stdout(), output.stderr(),
                Duration.ofNanos(System.nanoTime() - started));
    }

    private String create(String containerId, ExecRequest request, String action) {
        try {
            ExecCreateCmd create = client.execCreateCmd(containerId)
                    .withCmd(request.argv().toArray(String[]::new))
                    .withAttachStdout(true)
                    .withAttachStderr(true);
            request.workingDirectory().ifPresent(create::withWorkingDir);
            // No user: the container's, which is the agent user (by name, so its groups come along).
            request.user().ifPresent(create::withUser);
            // HOME as the user's own: the engine takes it from the image's ENV, or from the first
            // passwd entry of the uid, which may be another user's (the agent may share uid 33).
            home(request.user()).ifPresent(home -> create.withEnv(List.of("HOME=" + home)));
            return create.exec().getId();
        } catch (ConflictException notRunning) {
            throw new SandboxStateException("Sandbox " + containerId + " is not running ("
                    + DockerErrors.engineMessage(notRunning) + "): open its workspace again to start it.", notRunning);
        } catch (NotFoundException gone) {
            throw new SandboxNotFoundException("Sandbox " + containerId + " does not exist any more: it was removed."
                    + " Open its workspace again for a new one.");
        } catch (RuntimeException e) {
            throw errors.translate(action, e);
        }
    }

    private static java.util.Optional<String> home(java.util.Optional<String> user) {
        if (user.isEmpty() || user.get().equals(AgentUser.NAME)) {
            return java.util.Optional.of(AgentUser.HOME);
        }
        return user.get().equals("root") || user.get().equals("0") ? java.util.Optional.of("/root") : java.util.Optional.empty();
    }

    /** Keeps stdout and stderr apart, as the engine's multiplexed stream marks them. */
    private static final class OutputCollector extends QuietCallback<Frame> {
        private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

        @Override
        public synchronized void onNext(Frame frame) {
            switch (frame.getStreamType()) {
                case STDERR -> stderr.writeBytes(frame.getPayload());
                default -> stdout.writeBytes(frame.getPayload());
            }
        }

        synchronized String stdout() {
            return stdout.toString(StandardCharsets.UTF_8);
        }

        synchronized String stderr() {
            return stderr.toString(StandardCharsets.UTF_8);
        }
    }
}
