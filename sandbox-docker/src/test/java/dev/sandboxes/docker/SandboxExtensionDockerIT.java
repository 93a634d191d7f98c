package dev.sandboxes.docker;

import static dev.sandboxes.testkit.SandboxAssertions.assertRuns;
import static dev.sandboxes.testkit.SandboxAssertions.assertThat;
import static dev.sandboxes.testkit.SandboxAssertions.assertWorkspaceFile;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sandboxes.Sandbox;
import dev.sandboxes.exec.ExecRequest;
import dev.sandboxes.testkit.junit5.SandboxTest;
import org.junit.jupiter.api.Test;

/** The JUnit 5 extension on the Docker runtime: Testcontainers finds the engine, the sandbox is real. */
@SandboxTest(template = DockerTestSupport.TEMPLATE)
class SandboxExtensionDockerIT {

    @Test
    void aTestGetsARealSandboxOnAFreshWorkspace(Sandbox sandbox) {
        assertEquals(sandbox.workspace() + "\n", assertRuns(sandbox, "pwd").stdout());
        assertThat(sandbox.exec(ExecRequest.shell("echo made > made.txt; echo done"))).succeeded().stdoutContains("done");
        assertWorkspaceFile(sandbox, "made.txt");
    }
}
