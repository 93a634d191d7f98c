package dev.sandboxes.docker;

import dev.sandboxes.spi.SandboxRuntime;
import dev.sandboxes.testkit.SandboxRuntimeContract;

/** The Docker runtime keeps the API's promises: the testkit's contract, against the real engine. */
class DockerRuntimeContractIT extends SandboxRuntimeContract {

    @Override
    protected SandboxRuntime runtime() {
        return DockerTestSupport.runtime();
    }

    @Override
    protected String template() {
        return DockerTestSupport.TEMPLATE;
    }
}
