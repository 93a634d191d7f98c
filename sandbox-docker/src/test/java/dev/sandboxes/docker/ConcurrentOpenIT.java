package dev.sandboxes.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sandboxes.Sandbox;
import dev.sandboxes.SandboxLabels;
import dev.sandboxes.SandboxStatus;
import dev.sandboxes.SandboxTimeoutException;
import dev.sandboxes.spi.SandboxSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConcurrentOpenIT {

    private final DockerTestSupport support = new DockerTestSupport();

    @AfterEach
    void cleanUp() {
        support.close();
    }

    @Test
    void tenThreadsOpeningOneNewWorkspaceEndWithOneContainerAndTenWorkingHandles() throws Exception {
        Path workspace = support.newWorkspace("race");
        int threads = 10;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Sandbox>> opened = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                opened.add(pool.submit(() -> {
                    start.await();
                    return support.builder(workspace).open();
                }));
            }
            start.countDown();
            List<Sandbox> handles = new ArrayList<>();
            for (Future<Sandbox> future : opened) {
                handles.add(future.get());
            }
            Set<String> ids = handles.stream().map(Sandbox::id).collect(Collectors.toSet());
            assertEquals(1, ids.size());
            for (Sandbox handle : handles) {
                assertEquals("ok\n", handle.exec("echo", "ok").stdout());
                handle.close();
            }
            assertEquals(1, containersOf(workspace));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aSandboxLeftUnstartedByACreatorThatDiedIsStartedByTheNextOpen() throws Exception {
        Path workspace = support.newWorkspace("takeover");
        String orphan = createWithoutStarting(workspace);
        try (Sandbox sandbox = support.builder(workspace).open()) {
            assertEquals(orphan, sandbox.id());
            assertEquals(SandboxStatus.RUNNING, sandbox.info().status());
            assertEquals("alive\n", sandbox.exec("echo", "alive").stdout());
        }
        assertEquals(1, containersOf(workspace));
    }

    @Test
    void anOpenThatWaitsLongerThanItsTimeoutFailsAndChangesNothing() throws Exception {
        Path workspace = support.newWorkspace("timeout");
        // A creator that is still at work: created moments ago, not yet started.
        String inProgress = createWithoutStarting(workspace);
        SandboxTimeoutException e = assertThrows(SandboxTimeoutException.class,
                () -> support.builder(workspace).openTimeout(Duration.ofMillis(400)).open());
        assertTrue(e.getMessage().contains("not ready within"), e.getMessage());
        assertEquals(Duration.ofMillis(400), e.timeout());
        assertEquals("created", DockerTestSupport.docker().inspectContainerCmd(inProgress).exec().getState().getStatus());
        assertEquals(1, containersOf(workspace));
    }

    /** What a creator leaves behind if it dies right after creating the container. */
    private String createWithoutStarting(Path workspace) throws Exception {
        SandboxCreator creator = DockerTestSupport.creator(false);
        SandboxSpec spec = new SandboxSpec(workspace, Optional.of(String.valueOf(Files.getAttribute(workspace, "unix:ino"))),
                dev.sandboxes.internal.SandboxNames.forWorkspace(workspace), Optional.empty(),
                Optional.of(DockerTestSupport.TEMPLATE), Optional.empty(), Optional.empty(), Optional.empty(), false);
        return creator.create(spec, Duration.ofSeconds(30)).orElseThrow();
    }

    private static int containersOf(Path workspace) {
        return DockerTestSupport.docker().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(SandboxLabels.WORKSPACE, workspace.toString())).exec().size();
    }
}
