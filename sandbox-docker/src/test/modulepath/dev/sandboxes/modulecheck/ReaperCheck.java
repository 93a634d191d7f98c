package dev.sandboxes.modulecheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sandboxes.Sandbox;
import dev.sandboxes.testkit.junit5.SandboxTest;
import org.junit.jupiter.api.Test;

/** The extension on the module path: it opens a Docker sandbox and has started its reaper as a module. */
@SandboxTest(template = "sandboxes/test-template:latest")
class ReaperCheck {

    @Test
    void theExtensionOpensASandboxAndItsReaperRuns(Sandbox sandbox) {
        assertEquals("hi", sandbox.exec("echo", "hi").stdout().strip());
        assertTrue(ProcessHandle.current().children().anyMatch(child -> child.info().commandLine().orElse("")
                        .contains("-m dev.sandboxes.testkit/dev.sandboxes.testkit.SandboxReaper")),
                "a reaper launched as the testkit's module is a child of this JVM");
    }
}
