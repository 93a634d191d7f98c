package dev.sandboxes.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sandboxes.Sandbox;
import dev.sandboxes.Sandboxes;
import dev.sandboxes.core.SandboxStatus;
import dev.sandboxes.errors.SandboxStateException;
import dev.sandboxes.exec.ExecHandle;
import dev.sandboxes.exec.ExecRequest;
import dev.sandboxes.spi.SandboxRuntime;
import dev.sandboxes.spi.TracksActivity;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The idle stop's rules, on the in-memory runtime: one watch per sandbox, shared by its handles. */
class IdleStopTest {

    @TempDir
    Path workspace;

    private final InMemoryRuntime runtime = new InMemoryRuntime();

    @Test
    void theShortestIdleTimeAskedForASandboxWinsForAllItsHandles() throws Exception {
        try (Sandbox patient = open().idleStop(Duration.ofHours(1)).open();
             Sandbox hurried = open().idleStop(Duration.ofMillis(200)).open()) {
            awaitTrue(() -> patient.info().status() == SandboxStatus.STOPPED);
            // Either handle's next use starts it again: they share the watch.
            assertTrue(patient.exec("true").succeeded());
            assertEquals(SandboxStatus.RUNNING, hurried.info().status());
        }
    }

    @Test
    void aSandboxStoppedOnPurposeIsNotStartedAgainByTheNextUse() throws Exception {
        try (Sandbox sandbox = open().idleStop(Duration.ofMillis(200)).open()) {
            awaitTrue(() -> sandbox.info().status() == SandboxStatus.STOPPED);
            sandbox.stop();
            assertThrows(SandboxStateException.class, () -> sandbox.exec("true"));
            // An open starts it, as always.
            try (Sandbox reopened = open().open()) {
                assertEquals(SandboxStatus.RUNNING, reopened.info().status());
            }
        }
    }

    @Test
    void aHandleWithoutIdleStopStillCountsAsUseOfAWatchedSandbox() throws Exception {
        // The runtime never says busy: only the plain handle's command, as this JVM's use, keeps the sandbox up.
        SandboxRuntime neverBusy = (SandboxRuntime) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {TracksActivity.class}, (proxy, method, args) -> method.getName().equals("busy")
                        ? Boolean.FALSE : invoke(method, args));
        Duration idle = Duration.ofMillis(200);
        try (Sandbox watched = open().runtime(neverBusy).idleStop(idle).open(); Sandbox plain = open().runtime(neverBusy).open()) {
            ExecHandle sleeping = plain.start(ExecRequest.of("sleep", "60"));
            // Several idle times, each with a few of the watch's checks: a stop would come within one.
            long end = System.nanoTime() + idle.multipliedBy(5).toNanos();
            while (System.nanoTime() < end) {
                assertEquals(SandboxStatus.RUNNING, watched.info().status(), "stopped under the plain handle's command");
                Thread.sleep(20);
            }
            sleeping.kill();
            sleeping.result().get(10, TimeUnit.SECONDS);
            awaitTrue(() -> watched.info().status() == SandboxStatus.STOPPED);
        }
    }

    private Object invoke(Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(runtime, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private dev.sandboxes.SandboxBuilder open() {
        runtime.script().when("true").thenReturn(0, "", "").when("sleep", "60").taking(Duration.ofSeconds(60)).thenExit(0);
        return Sandboxes.forWorkspace(workspace).template("debian:trixie").runtime(runtime);
    }

    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < end, "not so within 10 s");
            Thread.sleep(20);
        }
    }
}
