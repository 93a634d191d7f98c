package dev.sandboxes.internal;

import dev.sandboxes.errors.UnsupportedByRuntimeException;
import dev.sandboxes.spi.SandboxRuntime;

/** The API's check that a runtime has the capability a call needs, before it changes anything. */
public final class Capabilities {

    private Capabilities() {
    }

    /**
     * The runtime as that capability.
     *
     * @param what what needs it, for the message: {@code "save sandboxes as images"}
     * @throws UnsupportedByRuntimeException when the runtime does not have it
     */
    public static <T extends SandboxRuntime> T require(SandboxRuntime runtime, Class<T> capability, String what) {
        if (capability.isInstance(runtime)) {
            return capability.cast(runtime);
        }
        throw new UnsupportedByRuntimeException("The " + runtime.name() + " runtime cannot " + what + " (it does not implement "
                + capability.getSimpleName() + "): use a runtime that can, such as docker.");
    }
}
