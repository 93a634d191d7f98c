package dev.sandboxes.spi;

/**
 * A runtime that changes a sandbox's resource limits after creation.
 *
 * <pre>{@code
 * ((ChangesLimits) runtime).updateLimits(sandboxId, Limits.defaults().withMemory(4L << 30));
 * }</pre>
 */
public interface ChangesLimits extends SandboxRuntime {

    /** Changes the limits of a sandbox, running or not; unset limits are left as they are. */
    void updateLimits(String sandboxId, dev.sandboxes.core.Limits limits);
}
