package dev.sandboxes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sandboxes.core.Limits;
import dev.sandboxes.errors.InvalidSandboxConfigException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LimitsTest {

    private static final long GIB = 1L << 30;

    @Test
    void defaultsLeaveTheEngineACpuAndHalfItsMemoryUpTo32GiB() {
        assertEquals(new Limits(Optional.of(7.0), Optional.of(8 * GIB), Optional.of(0L), Optional.of(Limits.DEFAULT_PIDS)),
                Limits.forEngine(8, 16 * GIB));
        assertEquals(Optional.of(1.0), Limits.forEngine(1, 16 * GIB).cpus(), "at least one CPU");
        assertEquals(Optional.of(32 * GIB), Limits.forEngine(64, 256 * GIB).memoryBytes(), "at most 32 GiB");
    }

    @Test
    void limitsAskedForWinOverDefaultsOneByOne() {
        Limits asked = Limits.defaults().withCpus(2).withPids(100);
        Limits effective = asked.orElse(Limits.forEngine(8, 16 * GIB));
        assertEquals(Optional.of(2.0), effective.cpus());
        assertEquals(Optional.of(100L), effective.pids());
        assertEquals(Optional.of(8 * GIB), effective.memoryBytes());
    }

    @Test
    void nonsenseIsRefusedWithTheReason() {
        assertThrows(InvalidSandboxConfigException.class, () -> Limits.defaults().withCpus(0));
        assertThrows(InvalidSandboxConfigException.class, () -> Limits.defaults().withCpus(Double.NaN));
        assertThrows(InvalidSandboxConfigException.class, () -> Limits.defaults().withMemory(1024));
        assertThrows(InvalidSandboxConfigException.class, () -> Limits.defaults().withSwap(-1));
        assertThrows(InvalidSandboxConfigException.class, () -> Limits.defaults().withPids(3));
    }
}
