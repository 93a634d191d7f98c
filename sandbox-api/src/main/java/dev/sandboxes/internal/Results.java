package dev.sandboxes.internal;

import dev.sandboxes.errors.SandboxException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Waits for the result of something asynchronous and gives its failure as the library's own exception. */
public final class Results {

    private Results() {
    }

    /**
     * The future's value; its failure as it is when it is a {@link SandboxException}, else wrapped in one.
     *
     * @param what what was being done, for the message: {@code "The agent run"}
     */
    public static <T> T join(CompletableFuture<T> future, String what) {
        try {
            return future.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof SandboxException sandboxException ? sandboxException
                    : new SandboxException(what + " failed: " + e.getCause(), e.getCause());
        }
    }
}
