package dev.sandboxes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sandboxes.core.Prune;
import dev.sandboxes.errors.InvalidSandboxConfigException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PruneTest {

    @Test
    void aPruneThatNamesNothingIsRefused() {
        InvalidSandboxConfigException e = assertThrows(InvalidSandboxConfigException.class,
                () -> new Prune(Optional.empty(), false, false, Optional.empty()));
        assertTrue(e.getMessage().contains("must say what to remove"), e.getMessage());
    }

    @Test
    void aStoppedTimeMustBePositive() {
        assertThrows(InvalidSandboxConfigException.class, () -> Prune.stoppedFor(Duration.ZERO));
        assertThrows(InvalidSandboxConfigException.class, () -> Prune.stoppedFor(Duration.ofSeconds(-1)));
    }

    @Test
    void criteriaCombineAndADryRunKeepsThem() {
        Prune prune = Prune.workspaceGone().orStoppedFor(Duration.ofDays(7)).within(Path.of("/tmp/../tmp/work")).dryRun();
        assertEquals(Optional.of(Duration.ofDays(7)), prune.stoppedFor());
        assertTrue(prune.goneWorkspaces());
        assertTrue(prune.listOnly());
        assertEquals(Optional.of(Path.of("/tmp/work")), prune.within());
    }
}
