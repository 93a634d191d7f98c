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

    @Override
    protected void removeImage(String image) {
        try {
            DockerTestSupport.docker().removeImageCmd(image).withForce(true).exec();
        } catch (com.github.dockerjava.api.exception.NotFoundException alreadyGone) {
            // Never saved: nothing to remove.
        }
    }
}
