package dev.sandboxes.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import com.github.dockerjava.api.exception.NotFoundException;
import dev.sandboxes.Sandbox;
import dev.sandboxes.core.SandboxLabels;
import dev.sandboxes.testkit.SandboxReaper;
import dev.sandboxes.testkit.junit5.SandboxTest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

/**
 * The testkit's reaper on the real engine: a test JVM of its own opens a sandbox through the JUnit
 * extension ({@link OpensASandbox}, run by the JUnit Platform as Surefire would), and is then killed
 * or left to end normally.
 */
class SandboxReaperIT {

    private static final String SANDBOX_LINE = "sandbox: ";
    private static final Duration REAPED_WITHIN = Duration.ofSeconds(30);

    private final List<String> containers = new ArrayList<>();
    private final List<Process> testJvms = new ArrayList<>();
    private final List<ProcessHandle> reapers = new ArrayList<>();
    private final List<String> sessions = new ArrayList<>();

    /** What a failed test leaves, and the reapers' logs: only this test's own processes, containers and files. */
    @AfterEach
    void cleanUp() throws Exception {
        testJvms.forEach(Process::destroyForcibly);
        for (ProcessHandle reaper : reapers) {
            // Its test JVM is gone: let it finish its work (workspaces too) before ending it.
            reaper.onExit().completeOnTimeout(reaper, 30, TimeUnit.SECONDS).get();
            reaper.destroyForcibly();
        }
        for (String id : containers) {
            try {
                DockerTestSupport.docker().removeContainerCmd(id).withForce(true).exec();
            } catch (NotFoundException gone) {
                // Removed, as it should be.
            }
        }
        for (String session : sessions) {
            Files.deleteIfExists(reaperLog(session));
        }
    }

    @Test
    void aKilledTestJvmsSandboxIsRemovedByItsReaper() throws Exception {
        TestJvm jvm = start("sleep", false);
        String id = jvm.awaitSandbox();
        Map<String, String> labels = DockerTestSupport.docker().inspectContainerCmd(id).exec().getConfig().getLabels();
        String session = session(labels);
        Path workspace = Path.of(labels.get(SandboxLabels.WORKSPACE));
        assertTrue(workspace.getFileName().toString().startsWith(SandboxReaper.WORKSPACE_PREFIX), workspace::toString);
        ProcessHandle reaper = jvm.reaper();

        jvm.process.destroyForcibly();  // SIGKILL: no afterEach, no shutdown hook
        assertTrue(jvm.process.waitFor(30, TimeUnit.SECONDS));

        awaitGone(id, jvm);
        // The reaper deletes the workspace after the engine removed the sandbox; its exit says it is done.
        assertExits(reaper);
        assertFalse(Files.exists(workspace), "the temporary workspace is deleted too");
        String log = Files.readString(reaperLog(session));
        assertTrue(log.contains("Removed what session " + session + " left"), log);
    }

    @Test
    void aSignalToTheWholeProcessGroupReachesTheReaperTooAndItStillReaps() throws Exception {
        // Ctrl-C (SIGINT) and a cancelled CI job (SIGTERM) signal the whole process group: the test JVM
        // and its reaper alike. SIGTERM here: a build started in the background by a shell ignores
        // SIGINT, and its test JVMs inherit that.
        TestJvm jvm = start("sleep", true);
        String id = jvm.awaitSandbox();
        session(DockerTestSupport.docker().inspectContainerCmd(id).exec().getConfig().getLabels());
        ProcessHandle reaper = jvm.reaper();

        // The shell's own kill: a negative pid names the process group.
        Process kill = new ProcessBuilder("sh", "-c", "kill -TERM -" + jvm.process.pid()).inheritIO().start();
        assertEquals(0, kill.waitFor());
        assertTrue(jvm.process.waitFor(30, TimeUnit.SECONDS), "the test JVM ends on SIGTERM");

        awaitGone(id, jvm);
        assertExits(reaper);
    }

    @Test
    void aTestJvmThatEndsNormallyRemovesItsSandboxAndLeavesNoReaperNorLogBehind() throws Exception {
        TestJvm jvm = start("wait-for-input", false);
        String id = jvm.awaitSandbox();
        String session = session(DockerTestSupport.docker().inspectContainerCmd(id).exec().getConfig().getLabels());
        ProcessHandle reaper = jvm.reaper();

        jvm.process.getOutputStream().write('\n');
        jvm.process.getOutputStream().close();
        assertTrue(jvm.process.waitFor(60, TimeUnit.SECONDS), "the test JVM ends");
        assertEquals(0, jvm.process.exitValue(), jvm::output);

        assertTrue(DockerTestSupport.docker().listContainersCmd().withShowAll(true).withIdFilter(List.of(id)).exec().isEmpty(),
                "the extension removed the sandbox itself");
        assertExits(reaper);
        assertFalse(Files.exists(reaperLog(session)), "a reaper with nothing to do deletes its log");
    }

    /** The session a sandbox is labelled with by the extension; its reaper's log is deleted after the test. */
    private String session(Map<String, String> labels) {
        String session = labels.get(SandboxReaper.SESSION_LABEL);
        assertNotNull(session, "the extension labels its sandbox with its session");
        sessions.add(session);
        return session;
    }

    /** Where the reaper of a test JVM on the Docker runtime logs. */
    private static Path reaperLog(String session) {
        return Path.of(System.getProperty("java.io.tmpdir"), "sandboxes-reaper-" + session + "-docker.log");
    }

    /** A test JVM on this class path; in its own process group when {@code ownGroup}, so that it can be signalled as one. */
    private TestJvm start(String mode, boolean ownGroup) throws IOException {
        Path output = Files.createDirectories(Path.of("target")).resolve("sandbox-reaper-it-" + mode + ".log");
        List<String> command = new ArrayList<>();
        if (ownGroup) {
            command.add("setsid");  // a child of this JVM is no group leader: setsid makes it one without forking
        }
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dsandboxes.requireDocker=true", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
                "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                TestJvmMain.class.getName(), mode));
        Process process = new ProcessBuilder(command).redirectError(output.toFile()).start();
        testJvms.add(process);
        return new TestJvm(process, output);
    }

    private void awaitGone(String id, TestJvm jvm) throws InterruptedException {
        Instant deadline = Instant.now().plus(REAPED_WITHIN);
        while (!DockerTestSupport.docker().listContainersCmd().withShowAll(true).withIdFilter(List.of(id)).exec().isEmpty()) {
            if (Instant.now().isAfter(deadline)) {
                fail("The sandbox " + id + " is still there " + REAPED_WITHIN.toSeconds() + " s after its test JVM died. "
                        + jvm.output());
            }
            Thread.sleep(250);
        }
    }

    private static void assertExits(ProcessHandle reaper) throws Exception {
        try {
            reaper.onExit().get(30, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            fail("The reaper " + reaper.pid() + " still runs 30 s after its test JVM ended.");
        }
    }

    /** A running test JVM, its standard error kept in a file. */
    private final class TestJvm {
        final Process process;
        final Path output;

        TestJvm(Process process, Path output) {
            this.process = process;
            this.output = output;
        }

        /** The id its test prints once the extension gave it a sandbox. */
        String awaitSandbox() throws Exception {
            BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            CompletableFuture<Optional<String>> id = CompletableFuture.supplyAsync(() -> {
                try {
                    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                        if (line.startsWith(SANDBOX_LINE)) {
                            return Optional.of(line.substring(SANDBOX_LINE.length()));
                        }
                    }
                    return Optional.empty();
                } catch (IOException e) {
                    return Optional.empty();
                }
            });
            Optional<String> found = id.completeOnTimeout(Optional.empty(), 2, TimeUnit.MINUTES).get();
            if (found.isEmpty()) {
                fail("The test JVM printed no sandbox. " + output());
            }
            containers.add(found.get());
            return found.get();
        }

        /** Its reaper: the child JVM running {@link SandboxReaper}, started before the sandbox was. */
        ProcessHandle reaper() {
            List<ProcessHandle> found = process.toHandle().children()
                    .filter(p -> p.info().commandLine().orElse("").contains(SandboxReaper.class.getName())).toList();
            assertEquals(1, found.size(), () -> "one reaper: " + found + " " + output());
            reapers.add(found.get(0));
            return found.get(0);
        }

        String output() {
            try {
                return "Its standard error:\n" + Files.readString(output);
            } catch (IOException e) {
                return "Its standard error could not be read: " + e;
            }
        }
    }

    /** The main class of a test JVM: runs {@link OpensASandbox} through the JUnit Platform, as a build tool would. */
    static final class TestJvmMain {

        /** {@code sleep} (until killed) or {@code wait-for-input} (until a line or the end of standard input). */
        static volatile String mode;

        public static void main(String[] args) {
            mode = args[0];
            SummaryGeneratingListener summary = new SummaryGeneratingListener();
            LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
                    .selectors(selectClass(OpensASandbox.class)).build(), summary);
            summary.getSummary().printFailuresTo(new PrintWriter(System.err, true), 20);
            System.exit(summary.getSummary().getTotalFailureCount() == 0 && summary.getSummary().getTestsSucceededCount() == 1
                    ? 0 : 1);
        }
    }

    /** The test a test JVM runs: it gets a sandbox, says which, and waits. */
    @SandboxTest(template = DockerTestSupport.TEMPLATE)
    static class OpensASandbox {

        @Test
        void opensASandboxAndWaits(Sandbox sandbox) throws Exception {
            System.out.println(SANDBOX_LINE + sandbox.id());
            System.out.flush();
            if ("sleep".equals(TestJvmMain.mode)) {
                Thread.sleep(Duration.ofMinutes(5).toMillis());
            } else {
                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            }
        }
    }
}
