package dev.sandboxes.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sandboxes.Sandbox;
import dev.sandboxes.Sandboxes;
import dev.sandboxes.core.SandboxStatus;
import dev.sandboxes.errors.SandboxClosedException;
import dev.sandboxes.errors.SandboxNotFoundException;
import dev.sandboxes.spi.SavesAndResets;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link dev.sandboxes.spi.SavesAndResets}: a saved sandbox is a template of new ones
 * with its state; a reset keeps only the workspace and the settings.
 *
 * <pre>{@code
 * class MyRuntimeContractTest extends SandboxRuntimeContract implements SavesAndResetsContract { ... }
 * }</pre>
 */
public interface SavesAndResetsContract extends RuntimeContractSupport {

    /** The runtime under test as a {@link SavesAndResets}. */
    default SavesAndResets savesAndResets() {
        return (SavesAndResets) runtime();
    }

    @Test
    default void aSavedSandboxIsATemplateOfNewSandboxesThatHaveItsState() throws IOException {
        String image = "sandboxes-contract/saved-" + Long.toHexString(System.nanoTime()) + ":1";
        try {
            try (Sandbox prepared = builder(newWorkspace()).open()) {
                prepared.writeText("/tmp/prepared.txt", "ready");
                assertFalse(prepared.save(image).isBlank());
            }
            try (Sandbox fork = Sandboxes.forWorkspace(newWorkspace()).template(image).runtime(runtime()).open()) {
                assertEquals("ready", fork.readText("/tmp/prepared.txt"));
                assertEquals(image, fork.info().template());
            }
        } finally {
            removeImage(image);
        }
    }

    @Test
    default void aResetDropsEverythingButTheWorkspaceAndKeepsTheSettings() throws IOException {
        Path workspace = newWorkspace();
        Sandbox sandbox = builder(workspace).env("APP_ENV", "dev").open();
        sandbox.writeText("/tmp/outside.txt", "goes");
        sandbox.writeText(workspace.resolve("inside.txt").toString(), "stays");
        try (Sandbox fresh = sandbox.reset()) {
            assertThrows(SandboxClosedException.class, sandbox::info);
            assertNotEquals(sandbox.id(), fresh.id());
            assertEquals(sandbox.name(), fresh.name());
            assertEquals(SandboxStatus.RUNNING, fresh.info().status());
            assertEquals(Map.of("APP_ENV", "dev"), fresh.info().env());
            assertEquals("stays", fresh.readText(workspace.resolve("inside.txt").toString()));
            assertThrows(SandboxNotFoundException.class, () -> fresh.readFile("/tmp/outside.txt"));
            assertEquals(1, runtime().list().stream().filter(s -> s.workspace().equals(workspace)).count());
        }
    }
}
