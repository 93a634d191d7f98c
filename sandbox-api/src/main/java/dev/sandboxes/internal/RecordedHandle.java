package dev.sandboxes.internal;

import dev.sandboxes.exec.ExecHandle;
import dev.sandboxes.exec.ExecResult;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;

/**
 * A command's handle whose result completes only once the command is written down (audit log,
 * listener, idle time): a caller that exits as soon as it has the result loses no record.
 */
public final class RecordedHandle implements ExecHandle {

    private final ExecHandle handle;
    private final CompletableFuture<ExecResult> result;

    public RecordedHandle(ExecHandle handle, CompletableFuture<ExecResult> recorded) {
        this.handle = handle;
        this.result = recorded;
    }

    @Override
    public OutputStream stdin() {
        return handle.stdin();
    }

    @Override
    public CompletableFuture<ExecResult> result() {
        return result;
    }

    @Override
    public void kill() {
        handle.kill();
    }

    @Override
    public void resizeTerminal(int columns, int rows) {
        handle.resizeTerminal(columns, rows);
    }
}
