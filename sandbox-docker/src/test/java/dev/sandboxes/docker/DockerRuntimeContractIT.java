package dev.sandboxes.docker;

import dev.sandboxes.spi.SandboxRuntime;
import dev.sandboxes.testkit.BuildsTemplatesContract;
import dev.sandboxes.testkit.ChangesLimitsContract;
import dev.sandboxes.testkit.ControlsNetworkContract;
import dev.sandboxes.testkit.SandboxRuntimeContract;
import dev.sandboxes.testkit.SavesAndResetsContract;
import dev.sandboxes.testkit.TracksActivityContract;

/** The Docker runtime keeps the API's promises: the testkit's contract, against the real engine. */
class DockerRuntimeContractIT extends SandboxRuntimeContract
        implements BuildsTemplatesContract, SavesAndResetsContract, ControlsNetworkContract, ChangesLimitsContract,
        TracksActivityContract {

    @Override
    public SandboxRuntime runtime() {
        return DockerTestSupport.runtime();
    }

    @Override
    public String template() {
        return DockerTestSupport.TEMPLATE;
    }

    @Override
    public void removeImage(String image) {
        try {
            DockerTestSupport.docker().removeImageCmd(image).withForce(true).exec();
        } catch (com.github.dockerjava.api.exception.NotFoundException alreadyGone) {
            // Never saved: nothing to remove.
        }
    }
}
