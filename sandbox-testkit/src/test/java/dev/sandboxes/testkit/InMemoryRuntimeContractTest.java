package dev.sandboxes.testkit;

import dev.sandboxes.spi.SandboxRuntime;
import java.time.Duration;

/**
 * The in-memory runtime keeps the API's promises, as the Docker runtime does. Its commands are
 * scripted to do what the contract's real processes do, so the exec behaviours are checked too.
 */
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
