package dev.sandboxes.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * When a probe's maker is proven dead: real processes of this machine, started and ended by the
 * test. Linux only: elsewhere nothing is ever proven, which the last tests show.
 */
class ProcessOwnerTest {

    private final String machine = ProcessOwner.current().machine();

    @BeforeEach
    void onLinux() {
        assumeTrue(System.getProperty("os.name").startsWith("Linux"), "proof of a dead process needs Linux's /proc");
    }

    @Test
    void thisProcessIsAliveAndItsLabelsReadBackAsItself() {
        ProcessOwner me = ProcessOwner.current();
        assertTrue(me.machine().startsWith("linux:"), me.machine());
        assertFalse(me.started().isEmpty());
        assertEquals(Optional.of(me), ProcessOwner.of(me.labels()));
        assertFalse(me.provablyDead());
    }

    @Test
    void aProcessThatEndedIsProvablyDeadAndALiveOneIsNot() throws Exception {
        Process cat = new ProcessBuilder("cat").start();
        ProcessOwner owner = ProcessOwner.of(cat.pid());
        assertFalse(owner.provablyDead(), "it runs");
        cat.getOutputStream().close();  // cat ends at the end of its input
        assertTrue(cat.waitFor(10, TimeUnit.SECONDS));
        assertTrue(owner.provablyDead(), "it ended");
    }

    @Test
    void aZombieIsDead() throws Exception {
        // sh starts a child, then becomes sleep, which never reaps it: the child, ended, stays a zombie.
        Process parent = new ProcessBuilder("sh", "-c", "sleep 60 & echo $!; exec sleep 61").start();
        try {
            long child = Long.parseLong(new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8))
                    .readLine().strip());
            ProcessOwner owner = ProcessOwner.of(child);
            Await.until(() -> comm(parent.pid()).equals("sleep"), Duration.ofSeconds(10), () -> "sh to become sleep");
            assertFalse(owner.provablyDead(), "it runs");
            ProcessHandle.of(child).orElseThrow().destroyForcibly();
            Await.until(() -> state(child).equals("Z"), Duration.ofSeconds(10), () -> "process " + child + " to end: " + state(child));
            assertTrue(owner.provablyDead());
        } finally {
            parent.destroyForcibly();
        }
    }

    @Test
    void aLiveProcessUnderTheSamePidButAnotherStartIsAnotherProcess() {
        ProcessOwner me = ProcessOwner.current();
        assertTrue(new ProcessOwner(machine, me.pid(), "1").provablyDead(), "the pid was reused since the owner ran");
        assertFalse(new ProcessOwner(machine, me.pid(), me.started()).provablyDead());
    }

    @Test
    void nothingIsProvenOfAnotherMachineOfOneWithoutProofOrOfAnUnknownStart() {
        long free = 999_999_999;  // above the highest pid Linux allows (2^22): no process has it
        assertTrue(new ProcessOwner(machine, free, "12345").provablyDead());
        assertFalse(new ProcessOwner("linux:another-boot:pid:[1]", free, "12345").provablyDead());
        assertFalse(new ProcessOwner("", free, "12345").provablyDead());
        assertFalse(new ProcessOwner(machine, free, "").provablyDead());
    }

    @Test
    void labelsThatRecordNoOwnerOrAnUnreadableOneGiveNone() {
        assertEquals(Optional.empty(), ProcessOwner.of(Map.of("dev.sandboxes.probe", "true")));
        assertEquals(Optional.empty(), ProcessOwner.of((Map<String, String>) null));
        assertEquals(Optional.empty(), ProcessOwner.of(Map.of(ProcessOwner.MACHINE_LABEL, machine,
                ProcessOwner.PID_LABEL, "not a number", ProcessOwner.STARTED_LABEL, "12345")));
    }

    private static String comm(long pid) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "comm")).strip();
        } catch (java.io.IOException e) {
            return "gone";
        }
    }

    private static String state(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).split(" ")[0];
        } catch (java.io.IOException e) {
            return "gone";
        }
    }
}
