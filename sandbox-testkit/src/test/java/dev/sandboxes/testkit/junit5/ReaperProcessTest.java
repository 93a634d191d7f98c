package dev.sandboxes.testkit.junit5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sandboxes.spi.RuntimeConfig;
import dev.sandboxes.testkit.SandboxReaper;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How the reaper is started; that it reaps a killed JVM's sandboxes is tested on Docker (SandboxReaperIT). */
class ReaperProcessTest {

    private static final Path TMP = Path.of("/tmp/reaper-test");
    private static final RuntimeConfig CONFIG = new RuntimeConfig(
            Map.of("PATH", "/usr/bin", "DOCKER_HOST", "unix:///run/user/1000/docker.sock"), Path.of("/home/tester"));

    @AfterEach
    void clearProperties() {
        System.clearProperty("sandbox.runtime");
        System.clearProperty("testcontainers.reuse.enable");
        System.clearProperty("unrelated.setting");
    }

    @Test
    void theReaperRunsOnThisJavaAndClassPathWithTheSessionAndTheRuntimesName() {
        List<String> command = ReaperProcess.command("docker", CONFIG, TMP).command();

        assertEquals(Path.of(System.getProperty("java.home"), "bin", "java").toString(), command.get(0));
        int classPath = command.indexOf("-cp");
        assertEquals(List.of(System.getProperty("java.class.path"), SandboxReaper.class.getName(), ReaperProcess.SESSION,
                "docker", TMP.resolve("sandboxes-reaper-" + ReaperProcess.SESSION + "-docker.log").toString()),
                command.subList(classPath + 1, command.size()));
    }

    @Test
    void itSeesTheEngineTheRuntimeSawTheSameEnvironmentHomeAndTemporaryFolder() {
        ProcessBuilder builder = ReaperProcess.command("docker", CONFIG, TMP);

        assertEquals(CONFIG.environment(), builder.environment());
        assertTrue(builder.command().contains("-Duser.home=/home/tester"), builder.command()::toString);
        assertTrue(builder.command().contains("-Djava.io.tmpdir=/tmp/reaper-test"), builder.command()::toString);
    }

    @Test
    void runtimeAndTestcontainersPropertiesArePassedOnAndOthersAreNot() {
        System.setProperty("sandbox.runtime", "docker");
        System.setProperty("testcontainers.reuse.enable", "false");
        System.setProperty("unrelated.setting", "x");

        List<String> command = ReaperProcess.command("docker", CONFIG, TMP).command();

        assertTrue(command.contains("-Dsandbox.runtime=docker"), command::toString);
        assertTrue(command.contains("-Dtestcontainers.reuse.enable=false"), command::toString);
        assertTrue(command.stream().noneMatch(argument -> argument.contains("unrelated.setting")), command::toString);
    }

    @Test
    void itWritesToItsOwnLogNeverToThisJvmsOutput() {
        ProcessBuilder builder = ReaperProcess.command("my runtime/2", CONFIG, TMP);

        assertEquals(Redirect.to(TMP.resolve("sandboxes-reaper-" + ReaperProcess.SESSION + "-my_runtime_2.log").toFile()),
                builder.redirectOutput());
        assertTrue(builder.redirectErrorStream());
    }
}
