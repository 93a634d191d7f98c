package dev.sandboxes.examples.cli;

import dev.sandboxes.errors.SandboxException;
import dev.sandboxes.exec.ExecHandle;
import java.util.concurrent.CompletionException;

/** Waits for a command in a sandbox, its failure given as the library's exception (which {@link Errors} explains). */
final class Await {

    private Await() {
    }

    static int exitCode(ExecHandle handle) {
        try {
            return handle.result().join().exitCode();
        } catch (CompletionException e) {
            throw e.getCause() instanceof SandboxException sandbox ? sandbox
                    : new SandboxException("The command failed: " + e.getCause(), e.getCause());
        }
    }
}
