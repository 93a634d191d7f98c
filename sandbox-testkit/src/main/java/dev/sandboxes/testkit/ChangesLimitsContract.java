package dev.sandboxes.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sandboxes.Sandbox;
import dev.sandboxes.core.Limits;
import dev.sandboxes.spi.ChangesLimits;
import java.io.IOException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link dev.sandboxes.spi.ChangesLimits}: a running sandbox's limits change, and
 * its info says the new ones.
 *
 * <pre>{@code
 * class MyRuntimeContractTest extends SandboxRuntimeContract implements ChangesLimitsContract { ... }
 * }</pre>
 */
public interface ChangesLimitsContract extends RuntimeContractSupport {

    /** The runtime under test as a {@link ChangesLimits}. */
    default ChangesLimits changesLimits() {
        return (ChangesLimits) runtime();
    }

    @Test
    default void theLimitsOfARunningSandboxChangeAndItsInfoSaysSo() throws IOException {
        long memory = 384L << 20;
        try (Sandbox sandbox = builder(newWorkspace()).open()) {
            changesLimits().updateLimits(sandbox.id(), Limits.defaults().withMemory(memory));

            assertEquals(Optional.of(memory), sandbox.info().limits().memoryBytes());
            assertEquals(0, sandbox.exec("true").exitCode());
        }
    }
}
