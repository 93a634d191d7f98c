package dev.sandboxes.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Frame;
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

    ExecResult run(String containerId, List<String> argv, String workingDirectory) {
        long started = System.nanoTime();
        String execId = create(containerId, argv, workingDirectory);
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        errors.run("run " + argv.get(0) + " in sandbox " + containerId, () -> {
            try {
                client.execStartCmd(execId).exec(new ResultCallback.Adapter<Frame>() {
                    @Override
                    public void onNext(Frame frame) {
                        ByteArrayOutputStream target = switch (frame.getStreamType()) {
                            case STDERR -> stderr;
                            default -> stdout;
                        };
                        synchronized (target) {
                            target.writeBytes(frame.getPayload());
                        }
                    }
                }).awaitCompletion();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SandboxException("Interrupted while waiting for " + argv.get(0) + " in sandbox " + containerId, e);
            }
        });
        Long exitCode = errors.call("read the exit code of " + argv.get(0),
                () -> client.inspectExecCmd(execId).exec().getExitCodeLong());
        return new ExecResult(exitCode == null ? -1 : exitCode.intValue(), text(stdout), text(stderr),
                Duration.ofNanos(System.nanoTime() - started));
    }

    private String create(String containerId, List<String> argv, String workingDirectory) {
        try {
            return client.execCreateCmd(containerId)
                    .withCmd(argv.toArray(String[]::new))
                    .withAttachStdout(true)
                    .withAttachStderr(true)
                    .withWorkingDir(workingDirectory)
                    .exec()
                    .getId();
        } catch (ConflictException notRunning) {
            throw new SandboxStateException("Sandbox " + containerId + " is not running ("
                    + DockerErrors.engineMessage(notRunning) + "): open its workspace again to start it.", notRunning);
        } catch (NotFoundException gone) {
            throw new SandboxNotFoundException("Sandbox " + containerId + " does not exist any more: it was removed."
                    + " Open its workspace again for a new one.");
        } catch (RuntimeException e) {
            throw errors.translate("run " + argv.get(0) + " in sandbox " + containerId, e);
        }
    }

    private static String text(ByteArrayOutputStream bytes) {
        synchronized (bytes) {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }
}
