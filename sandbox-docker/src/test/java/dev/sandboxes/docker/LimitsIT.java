package dev.sandboxes.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.model.Info;
import dev.sandboxes.Sandbox;
import dev.sandboxes.core.Limits;
import dev.sandboxes.core.SandboxStatus;
import dev.sandboxes.exec.ExecHandle;
import dev.sandboxes.exec.ExecRequest;
import dev.sandboxes.exec.ExecResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Resource limits against the real engine: settings, and the attacks they stop. */
class LimitsIT {

    private static final long MIB = 1024 * 1024;
    /** Reads a cgroup file of the sandbox, v1 or v2, with shell builtins only (no fork: the PID limit may be reached). */
    private static final String READ = "for f in \"$@\"; do [ -r \"$f\" ] && { read -r v < \"$f\"; echo \"$v\"; exit 0; }; done; echo none";

    private final DockerTestSupport support = new DockerTestSupport();

    @AfterEach
    void cleanUp() {
        support.close();
    }

    @Test
    void withoutLimitsASandboxGetsDefaultsFromTheEnginesMachine() throws Exception {
        Info engine = DockerTestSupport.docker().infoCmd().exec();
        Limits expected = Limits.forEngine(engine.getNCPU(), engine.getMemTotal());
        try (Sandbox sandbox = support.builder(support.newWorkspace("defaults")).open()) {
            assertEquals(expected, sandbox.info().limits());
            assertEquals(String.valueOf(Limits.DEFAULT_PIDS), cgroup(sandbox, "/sys/fs/cgroup/pids/pids.max", "/sys/fs/cgroup/pids.max"));
        }
    }

    @Test
    void limitsAreAppliedShownAndChangedOnARunningSandbox() throws Exception {
        Path workspace = support.newWorkspace("change");
        Limits asked = Limits.defaults().withCpus(0.5).withMemory(256 * MIB).withPids(128);
        String id;
        try (Sandbox sandbox = support.builder(workspace).limits(asked).open()) {
            id = sandbox.id();
            assertEquals(new Limits(Optional.of(0.5), Optional.of(256 * MIB), Optional.of(0L), Optional.of(128L)),
                    sandbox.info().limits());
            sandbox.updateLimits(Limits.defaults().withPids(256));
            assertEquals("256", cgroup(sandbox, "/sys/fs/cgroup/pids/pids.max", "/sys/fs/cgroup/pids.max"));
            assertEquals(Optional.of(0.5), sandbox.info().limits().cpus(), "what was not asked stays");
        }
        try (Sandbox reopened = support.builder(workspace).limits(Limits.defaults().withMemory(512 * MIB)).open()) {
            assertEquals(id, reopened.id(), "other limits are no conflict");
            assertEquals(Optional.of(512 * MIB), reopened.info().limits().memoryBytes());
            assertEquals(String.valueOf(512 * MIB), cgroup(reopened, "/sys/fs/cgroup/memory/memory.limit_in_bytes",
                    "/sys/fs/cgroup/memory.max"));
        }
    }

    @Test
    void aForkBombStopsAtThePidLimitAndTheSandboxRecovers() throws Exception {
        try (Sandbox sandbox = support.builder(support.newWorkspace("forkbomb")).limits(Limits.defaults().withPids(64)).open()) {
            // 300 children that live 5 s (each forked through a subshell: a failed `&` would end
            // busybox's shell); then, with builtins only, how many processes the sandbox holds.
            ExecHandle bomb = sandbox.start(ExecRequest.shell("for i in $(seq 1 300); do (sleep 5 &) 2>/dev/null; done;"
                    + " read -r n < /sys/fs/cgroup/pids/pids.current 2>/dev/null || read -r n < /sys/fs/cgroup/pids.current;"
                    + " echo $n").withTimeout(Duration.ofMinutes(1)));
            DockerTestSupport.docker().pingCmd().exec();  // the engine, on the host, still answers
            ExecResult result = bomb.result().get();
            int processes = Integer.parseInt(result.stdout().strip());
            assertTrue(processes <= 64, "the sandbox held " + processes + " processes");
            assertTrue(processes > 32, "the bomb did fork up to the limit: " + processes);
            assertEquals("alive\n", aliveWithin(sandbox, Duration.ofSeconds(30)), "the sandbox works again afterwards");
        }
    }

    @Test
    void aMemoryHogIsKilledInsideTheSandboxOnly() throws Exception {
        try (Sandbox sandbox = support.builder(support.newWorkspace("memhog"))
                .limits(Limits.defaults().withMemory(64 * MIB)).open()) {
            ExecResult hog = sandbox.exec(ExecRequest.of("awk", "BEGIN { s = \"x\"; while (1) s = s s }")
                    .withTimeout(Duration.ofMinutes(1)));
            assertEquals(137, hog.exitCode(), "the out-of-memory killer ended it: " + hog);
            assertEquals(SandboxStatus.RUNNING, sandbox.info().status());
            assertEquals("alive\n", sandbox.exec("echo", "alive").stdout());
        }
    }

    @Test
    void cpuUseStaysWithinTheLimit() throws Exception {
        try (Sandbox sandbox = support.builder(support.newWorkspace("cpu")).limits(Limits.defaults().withCpus(0.5)).open()) {
            // Two busy loops for 3 s would take two CPUs; the sandbox may use half of one. Its cgroup
            // counts the time used: nanoseconds in v1 (cpuacct.usage), microseconds in v2 (cpu.stat).
            ExecResult used = sandbox.exec(ExecRequest.shell(
                    "usage() { if [ -r /sys/fs/cgroup/cpuacct/cpuacct.usage ]; then read -r u < /sys/fs/cgroup/cpuacct/cpuacct.usage;"
                            + " echo $u; else awk '/usage_usec/ { print $2 * 1000 }' /sys/fs/cgroup/cpu.stat; fi; };"
                            + " a=$(usage); for i in 1 2; do timeout 3 sh -c 'while :; do :; done' & done; wait; b=$(usage);"
                            + " echo $((b - a))").withTimeout(Duration.ofMinutes(1)));
            double cpuSeconds = Long.parseLong(used.stdout().strip()) / 1e9;
            // 3 s of wall time at 0.5 CPU is 1.5 s; unlimited it would be up to 6 s. Room for scheduling slack.
            assertTrue(cpuSeconds < 2.2, "the loops used " + cpuSeconds + " CPU seconds in 3 s");
        }
    }

    /** Runs echo until the sandbox can fork again (its processes at the limit refuse new ones meanwhile). */
    private static String aliveWithin(Sandbox sandbox, Duration limit) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < end) {
            try {
                ExecResult echo = sandbox.exec("echo", "alive");
                if (echo.succeeded()) {
                    return echo.stdout();
                }
            } catch (RuntimeException refused) {
                last = refused;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("The sandbox did not recover within " + limit, last);
    }

    private static String cgroup(Sandbox sandbox, String v1, String v2) {
        return sandbox.exec("sh", "-c", READ, "read", v1, v2).stdout().strip();
    }
}
