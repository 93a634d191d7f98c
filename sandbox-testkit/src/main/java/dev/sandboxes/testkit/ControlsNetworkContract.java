package dev.sandboxes.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sandboxes.Sandbox;
import dev.sandboxes.network.NetworkPolicy;
import dev.sandboxes.spi.ControlsNetwork;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link dev.sandboxes.spi.ControlsNetwork}: the rules of an allow list change while
 * the sandbox runs, and a sandbox that made no request has an empty log.
 *
 * <pre>{@code
 * class MyRuntimeContractTest extends SandboxRuntimeContract implements ControlsNetworkContract { ... }
 * }</pre>
 */
public interface ControlsNetworkContract extends RuntimeContractSupport {

    /** The runtime under test as a {@link ControlsNetwork}. */
    default ControlsNetwork controlsNetwork() {
        return (ControlsNetwork) runtime();
    }

    @Test
    default void theRulesOfAnAllowListChangeWhileItRunsAndItsLogStartsEmpty() throws IOException {
        try (Sandbox sandbox = builder(newWorkspace()).network(NetworkPolicy.allow("example.com")).open()) {
            assertEquals(List.of(), controlsNetwork().networkLog(sandbox.id()));

            sandbox.updateNetwork(NetworkPolicy.allow("example.org"));

            assertEquals(NetworkPolicy.Mode.ALLOW_LIST, dev.sandboxes.spi.LabelCodec.networkMode(sandbox.info().labels()));
            assertEquals(List.of(), sandbox.networkLog());
        }
    }
}
