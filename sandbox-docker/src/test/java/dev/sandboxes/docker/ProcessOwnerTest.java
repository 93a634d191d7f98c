package dev.sandboxes.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** When a probe's maker is proven dead: real processes of this machine, started and ended by the test. */
class ProcessOwnerTest {

    private final String machine = ProcessOwner.current().machine();

    @Test
    void thisProcessIsAliveAndItsLabelsReadBackAsItself() {
        ProcessOwner me = ProcessOwner.current();
        assertFalse(me.machine().isEmpty(), "Linux names its machine by boot id and pid namespace");
        assertEquals(Optional.of(me), ProcessOwner.of(me.labels()));
        assertFalse(me.provablyDead());
    }

    @Test
    void aProcessThatEndedIsProvablyDeadAndALiveOneIsNot() throws Exception {
        Process cat = new ProcessBuilder("cat").start();
        ProcessOwner owner = new ProcessOwner(machine, cat.pid(), cat.info().startInstant().orElseThrow());
        assertFalse(owner.provablyDead(), "it runs");
        cat.getOutputStream().close();  // cat ends at the end of its input
        assertTrue(cat.waitFor(10, TimeUnit.SECONDS));
        assertTrue(owner.provablyDead(), "it ended");
    }

    @Test
    void aLiveProcessUnderTheSamePidButAnotherStartTimeIsAnotherProcess() {
        ProcessOwner me = ProcessOwner.current();
        assertTrue(new ProcessOwner(machine, me.pid(), me.started().minus(Duration.ofMinutes(5))).provablyDead(),
                "the pid was reused since the owner ran");
        assertFalse(new ProcessOwner(machine, me.pid(), me.started().plusMillis(900)).provablyDead(),
                "a second of difference is how two readings of one start time can differ");
    }

    @Test
    void nothingIsProvenOfAnotherMachineAnUnnamedOneOrAnUnknownStartTime() {
        long free = 999_999_999;  // above the highest pid Linux allows (2^22): no process has it
        assertTrue(new ProcessOwner(machine, free, Instant.parse("2026-01-01T00:00:00Z")).provablyDead());
        assertFalse(new ProcessOwner("linux:another-boot:pid:[1]", free, Instant.parse("2026-01-01T00:00:00Z")).provablyDead());
        assertFalse(new ProcessOwner("", free, Instant.parse("2026-01-01T00:00:00Z")).provablyDead());
        assertFalse(new ProcessOwner(machine, free, Instant.EPOCH).provablyDead());
    }

    @Test
    void labelsThatRecordNoOwnerOrAnUnreadableOneGiveNone() {
        assertEquals(Optional.empty(), ProcessOwner.of(Map.of("dev.sandboxes.probe", "true")));
        assertEquals(Optional.empty(), ProcessOwner.of(null));
        assertEquals(Optional.empty(), ProcessOwner.of(Map.of(ProcessOwner.MACHINE_LABEL, machine,
                ProcessOwner.PID_LABEL, "not a number", ProcessOwner.STARTED_LABEL, "2026-01-01T00:00:00Z")));
    }
}
