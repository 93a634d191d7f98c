package dev.sandboxes.docker;

import dev.sandboxes.errors.SandboxException;
import dev.sandboxes.exec.ExecRequest;

/** The caller's output listener threw: its own failure, reported as such, and the command is killed. */
final class ListenerFailedException extends SandboxException {

    ListenerFailedException(ExecRequest request, RuntimeException cause) {
        super("The output listener of " + request.argv().get(0) + " threw " + cause + "; the command was killed.", cause);
    }
}
