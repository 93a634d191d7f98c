package it;

import dev.sandboxes.spi.SandboxRuntime;
import dev.sandboxes.testkit.BuildsTemplatesContract;
import dev.sandboxes.testkit.ChangesLimitsContract;
import dev.sandboxes.testkit.ControlsNetworkContract;
import dev.sandboxes.testkit.InMemoryRuntime;
import dev.sandboxes.testkit.SandboxRuntimeContract;
import dev.sandboxes.testkit.SavesAndResetsContract;
import dev.sandboxes.testkit.TracksActivityContract;
import java.time.Duration;

/** The contract suite, run by this project's JUnit, on the in-memory runtime scripted as a real one behaves. */
class InMemoryRuntimeContractTest extends SandboxRuntimeContract
        implements BuildsTemplatesContract, SavesAndResetsContract, ControlsNetworkContract, ChangesLimitsContract,
        TracksActivityContract {

    private static final String TEMPLATE = "sandboxes/test-template:latest";
    private static final InMemoryRuntime RUNTIME = new InMemoryRuntime().withTemplates(TEMPLATE);

    static {
        RUNTIME.script()
                .when("sh", "-c", "echo out; echo err >&2; exit 3").thenReturn(3, "out\n", "err\n")
                .when("true").thenReturn(0, "", "")
                .when("cat").echoingStdin().thenExit(0)
                .when("sleep", "60").taking(Duration.ofSeconds(60)).thenExit(0);
    }

    @Override
    public SandboxRuntime runtime() {
        return RUNTIME;
    }

    @Override
    public String template() {
        return TEMPLATE;
    }
}
