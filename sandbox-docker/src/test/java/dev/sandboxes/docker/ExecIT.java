package dev.sandboxes.docker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sandboxes.Sandbox;
import dev.sandboxes.errors.SandboxNotFoundException;
import dev.sandboxes.errors.SandboxStateException;
import dev.sandboxes.exec.DetachedExec;
import dev.sandboxes.exec.ExecFailedException;
import dev.sandboxes.exec.ExecHandle;
import dev.sandboxes.exec.ExecListener;
import dev.sandboxes.exec.ExecRequest;
import dev.sandboxes.exec.ExecResult;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The exec engine against the real engine: streams, stdin with end-of-file, timeouts that kill, limits, TTY. */
class ExecIT {

    private static final DockerTestSupport SUPPORT = new DockerTestSupport();
    private static Sandbox sandbox;

    @BeforeAll
    static void open() throws Exception {
        Path workspace = SUPPORT.newWorkspace("exec");
        sandbox = SUPPORT.builder(workspace).open();
    }

    @AfterAll
    static void cleanUp() {
        SUPPORT.close();
    }

    @Test
    void stdoutAndStderrStaySeparateAndInOrder() {
        ExecResult result = sandbox.exec(ExecRequest.shell("for i in 1 2 3; do echo out$i; echo err$i >&2; done"));
        assertEquals("out1\nout2\nout3\n", result.stdout());
        assertEquals("err1\nerr2\nerr3\n", result.stderr());
    }

    @Test
    void binaryOutputIsByteExact() throws Exception {
        byte[] input = new byte[300_000];
        new Random(7).nextBytes(input);
        ExecResult result = sandbox.exec(ExecRequest.of("cat").withStdin(input));
        assertArrayEquals(input, result.stdoutBytes());
    }

    @Test
    void stdinReachesTheProcessAndEndOfFileArrives() throws Exception {
        assertEquals("hello\n", sandbox.exec(ExecRequest.of("cat").withStdin("hello\n")).stdout());
        assertEquals("6\n", sandbox.exec(ExecRequest.of("wc", "-c").withStdin("hello\n")).stdout().strip() + "\n");
        // Larger than a pipe buffer (64 KiB), so writes are partial and the process reads while we write.
        byte[] big = new byte[5 * 1024 * 1024];
        new Random(42).nextBytes(big);
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(big));
        ExecResult sum = sandbox.exec(ExecRequest.of("sha256sum").withStdin(big).withTimeout(Duration.ofMinutes(1)));
        assertEquals(0, sum.exitCode(), sum.stderr());
        assertEquals(expected, sum.stdout().split(" ")[0]);
    }

    @Test
    void anOpenStdinCanBeWrittenWhileTheProcessRunsAndClosedForEndOfFile() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        ExecHandle cat = sandbox.start(ExecRequest.of("cat").withStdinOpen()
                .withListener(ExecListener.lines(lines::add, line -> { })));
        try (OutputStream stdin = cat.stdin()) {
            stdin.write("first\n".getBytes(StandardCharsets.UTF_8));
            stdin.flush();
            waitUntil(() -> lines.contains("first"));
            stdin.write("second\n".getBytes(StandardCharsets.UTF_8));
        }
        ExecResult result = cat.waitFor(Duration.ofSeconds(30)).orElseThrow();
        assertEquals(0, result.exitCode());
        assertEquals(List.of("first", "second"), lines);
    }

    @Test
    void sixtyFourMebibytesStreamThroughWithTheCaptureCappedAndTheListenerSeeingAll() {
        AtomicLong seen = new AtomicLong();
        ExecResult result = sandbox.exec(ExecRequest.shell("head -c 67108864 /dev/zero")
                .withOutputLimit(1024 * 1024)
                .withListener(new ExecListener() {
                    @Override
                    public void onStdout(byte[] chunk) {
                        seen.addAndGet(chunk.length);
                    }
                }));
        assertEquals(0, result.exitCode());
        assertEquals(64L * 1024 * 1024, seen.get());
        assertEquals(1024 * 1024, result.stdoutBytes().length);
        assertTrue(result.truncated());
    }

    @Test
    void aTimeoutKillsTheProcessAndItsChildrenAndSaysSo() {
        ExecResult result = sandbox.exec(ExecRequest.shell("sleep 300 & sleep 301; echo never")
                .withTimeout(Duration.ofMillis(700)));
        assertTrue(result.timedOut());
        assertEquals(137, result.exitCode());
        assertFalse(result.stdout().contains("never"));
        String ps = sandbox.exec("ps", "-o", "args").stdout();
        assertFalse(ps.contains("sleep 300") || ps.contains("sleep 301"), ps);
        ExecFailedException failed = assertThrows(ExecFailedException.class, result::orThrow);
        assertTrue(failed.getMessage().contains("timeout"), failed.getMessage());
    }

    @Test
    void aSandboxWithoutSudoStillKillsACommandAndItsChildren() throws Exception {
        // Root's execs in such a sandbox have no capabilities (no-new-privileges): the kill must not
        // depend on them.
        try (Sandbox noSudo = SUPPORT.builder(SUPPORT.newWorkspace("exec-nosudo")).sudo(false).open()) {
            ExecHandle sleeper = noSudo.start(ExecRequest.shell("sleep 303 & sleep 304"));
            assertTrue(sleeper.waitFor(Duration.ofMillis(300)).isEmpty(), "still running");
            sleeper.kill();
            assertEquals(137, sleeper.waitFor(Duration.ofSeconds(30)).orElseThrow().exitCode());
            String ps = noSudo.exec("ps", "-o", "args").stdout();
            assertFalse(ps.contains("sleep 303") || ps.contains("sleep 304"), ps);
            ExecResult timedOut = noSudo.exec(ExecRequest.shell("sleep 305").withTimeout(Duration.ofMillis(500)));
            assertTrue(timedOut.timedOut());
            assertFalse(noSudo.exec("ps", "-o", "args").stdout().contains("sleep 305"));
        }
    }

    @Test
    void anIdGivenToKillDetachedIsNeverRunAsShell() {
        sandbox.killDetached("x'; touch /tmp/injected; echo '");
        sandbox.killDetached("$(touch /tmp/injected)");
        assertEquals(1, sandbox.exec("test", "-e", "/tmp/injected").exitCode(), "nothing ran, as root or otherwise");
    }

    @Test
    void aCommandKilledTheMomentItStartsIsStillKilled() {
        // Its process may not exist yet when the kill looks for it: the kill must look again.
        for (int round = 0; round < 10; round++) {
            ExecHandle sleeper = sandbox.start(ExecRequest.of("sleep", "306"));
            sleeper.kill();
            assertEquals(137, sleeper.waitFor(Duration.ofSeconds(30)).orElseThrow().exitCode(), "round " + round);
        }
        assertFalse(sandbox.exec("ps", "-o", "args").stdout().contains("sleep 306"));
    }

    @Test
    void killOnAHandleEndsTheProcess() {
        ExecHandle sleeper = sandbox.start(ExecRequest.of("sleep", "302"));
        assertTrue(sleeper.waitFor(Duration.ofMillis(300)).isEmpty(), "still running");
        sleeper.kill();
        ExecResult result = sleeper.waitFor(Duration.ofSeconds(30)).orElseThrow();
        assertEquals(137, result.exitCode());
        assertFalse(sandbox.exec("ps", "-o", "args").stdout().contains("sleep 302"));
    }

    @Test
    void twentyExecsAtOnceAllCompleteCorrectly() {
        List<CompletableFuture<ExecResult>> running = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            running.add(sandbox.start(ExecRequest.shell("sleep 0.2; echo " + i + "; echo e" + i + " >&2")).result());
        }
        for (int i = 0; i < 20; i++) {
            ExecResult result = running.get(i).join();
            assertEquals(i + "\n", result.stdout());
            assertEquals("e" + i + "\n", result.stderr());
        }
    }

    @Test
    void exitCodesComeBackAsTheyAre() {
        assertEquals(0, sandbox.exec("true").exitCode());
        assertEquals(1, sandbox.exec("false").exitCode());
        assertEquals(126, sandbox.exec(ExecRequest.shell("touch /tmp/noexec && chmod -x /tmp/noexec && /tmp/noexec")).exitCode());
        assertEquals(127, sandbox.exec(ExecRequest.shell("no-such-command-here")).exitCode());
        assertEquals(137, sandbox.exec(ExecRequest.shell("kill -9 $$")).exitCode());
        assertEquals(3, sandbox.exec(ExecRequest.shell("exit 3")).exitCode());
    }

    @Test
    void aProgramNotInTheImageIsReportedAsNotFound() {
        ExecResult result = sandbox.exec("no-such-program", "--flag");
        assertEquals(127, result.exitCode());
        assertTrue(result.stderr().contains("no-such-program: command not found"), result.stderr());
        assertEquals("", result.stdout());
        ExecFailedException e = assertThrows(ExecFailedException.class, result::orThrow);
        assertEquals(127, e.exitCode());
    }

    @Test
    void envAdditionsAndTheWorkingDirectoryApplyToOneCommand() {
        ExecResult result = sandbox.exec(ExecRequest.shell("echo $GREETING; pwd").withEnv("GREETING", "hi").inDirectory("/tmp"));
        assertEquals("hi\n/tmp\n", result.stdout());
    }

    @Test
    void aTerminalEchoesWhatIsTypedAndReportsItsSize() throws Exception {
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        ExecHandle shell = sandbox.start(ExecRequest.of("sh", "-i").withTty(true).withStdinOpen()
                .withListener(new ExecListener() {
                    @Override
                    public void onStdout(byte[] chunk) {
                        synchronized (screen) {
                            screen.writeBytes(chunk);
                        }
                    }
                }));
        shell.resizeTerminal(123, 45);
        OutputStream keyboard = shell.stdin();
        keyboard.write("stty size; echo typed-$((40+2))\n".getBytes(StandardCharsets.UTF_8));
        keyboard.flush();
        waitUntil(() -> text(screen).contains("typed-42"));
        assertTrue(text(screen).contains("stty size; echo typed-$((40+2))"), "what is typed is echoed: " + text(screen));
        assertTrue(text(screen).contains("45 123"), text(screen));
        shell.resizeTerminal(100, 30);
        keyboard.write("stty size\nexit\n".getBytes(StandardCharsets.UTF_8));
        keyboard.flush();
        ExecResult result = shell.waitFor(Duration.ofSeconds(30)).orElseThrow();
        assertEquals(0, result.exitCode());
        assertTrue(text(screen).contains("30 100"), text(screen));
    }

    @Test
    void anExecOnASandboxStoppedOrRemovedBehindTheHandlesBackFailsClearly() throws Exception {
        Path workspace = SUPPORT.newWorkspace("execgone");
        try (Sandbox doomed = SUPPORT.builder(workspace).open()) {
            DockerTestSupport.docker().stopContainerCmd(doomed.id()).exec();
            SandboxStateException stopped = assertThrows(SandboxStateException.class, () -> doomed.exec("true"));
            assertTrue(stopped.getMessage().contains("not running"), stopped.getMessage());
            DockerTestSupport.docker().removeContainerCmd(doomed.id()).withForce(true).exec();
            assertThrows(SandboxNotFoundException.class, () -> doomed.exec("true"));
        }
    }

    @Test
    void aDetachedCommandOutlivesItsStartIsListedAndCanBeKilledLater() throws Exception {
        DetachedExec server = sandbox.startDetached(ExecRequest.shell("echo serving; exec sleep 303"));
        waitUntil(() -> sandbox.detachedExecs().stream().anyMatch(d -> d.id().equals(server.id())));
        DetachedExec listed = sandbox.detachedExecs().stream().filter(d -> d.id().equals(server.id())).findFirst().orElseThrow();
        assertTrue(listed.command().contains("sleep 303"), listed.command());
        assertEquals("serving\n", sandbox.readText(server.log()));
        sandbox.killDetached(server.id());
        waitUntil(() -> sandbox.detachedExecs().stream().noneMatch(d -> d.id().equals(server.id())));
        assertFalse(sandbox.exec("ps", "-o", "args").stdout().contains("sleep 303"));
    }

    @Test
    void aTimeoutAlsoKillsChildrenThatDroppedTheTagAndProcessesForkedDuringTheKill() {
        ExecResult result = sandbox.exec(ExecRequest.shell(
                "env -i /bin/sh -c 'sleep 312' & while :; do sleep 1000 & sleep 0.01; done").withTimeout(Duration.ofMillis(800)));
        assertTrue(result.timedOut());
        String ps = sandbox.exec("ps", "-o", "args").stdout();
        assertFalse(ps.contains("sleep 312") || ps.contains("sleep 1000"), ps);
    }

    @Test
    void aCommandThatEndsBeforeItsTimeoutHasNotTimedOut() {
        ExecResult result = sandbox.exec(ExecRequest.of("true").withTimeout(Duration.ofSeconds(5)));
        assertFalse(result.timedOut());
        assertTrue(result.succeeded());
    }

    @Test
    void aMissingWorkingDirectoryIsNotMistakenForAMissingProgram() {
        ExecResult result = sandbox.exec(ExecRequest.of("true").inDirectory("/no/such/folder"));
        assertEquals(126, result.exitCode());
        assertTrue(result.stdout().contains("/no/such/folder"), result.stdout());
    }

    @Test
    void aListenerThatThrowsFailsTheCommandAsItsOwnFaultAndKillsIt() {
        ExecHandle handle = sandbox.start(ExecRequest.shell("echo first; exec sleep 314").withListener(new ExecListener() {
            @Override
            public void onStdout(byte[] chunk) {
                throw new IllegalStateException("listener bug");
            }
        }));
        java.util.concurrent.CompletionException e = assertThrows(java.util.concurrent.CompletionException.class,
                () -> handle.result().join());
        assertTrue(e.getCause().getMessage().contains("output listener"), e.getCause().getMessage());
        assertFalse(sandbox.exec("ps", "-o", "args").stdout().contains("sleep 314"));
    }

    @Test
    void aSandboxStoppedUnderARunningCommandIsReportedAsSuch() throws Exception {
        Path workspace = SUPPORT.newWorkspace("stopunder");
        try (Sandbox doomed = SUPPORT.builder(workspace).open()) {
            ExecHandle running = doomed.start(ExecRequest.of("sleep", "315"));
            assertTrue(running.waitFor(Duration.ofMillis(300)).isEmpty());
            DockerTestSupport.docker().stopContainerCmd(doomed.id()).withTimeout(1).exec();
            java.util.concurrent.CompletionException e = assertThrows(java.util.concurrent.CompletionException.class,
                    () -> running.result().join());
            assertTrue(e.getCause() instanceof SandboxStateException, e.getCause().toString());
            assertTrue(e.getCause().getMessage().contains("was stopped while sleep ran"), e.getCause().getMessage());
        }
    }

    @Test
    void aDetachedCommandOfRootIsListedAndKilledToo() throws Exception {
        DetachedExec server = sandbox.startDetached(ExecRequest.of("sleep", "316").asRoot());
        waitUntil(() -> sandbox.detachedExecs().stream().anyMatch(d -> d.id().equals(server.id())));
        sandbox.killDetached(server.id());
        waitUntil(() -> sandbox.detachedExecs().stream().noneMatch(d -> d.id().equals(server.id())));
        assertFalse(sandbox.exec("ps", "-o", "args").stdout().contains("sleep 316"));
    }

    private static String text(ByteArrayOutputStream screen) {
        synchronized (screen) {
            return screen.toString(StandardCharsets.UTF_8);
        }
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting");
            }
            Thread.sleep(20);
        }
    }
}
