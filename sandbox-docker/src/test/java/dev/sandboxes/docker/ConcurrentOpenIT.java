package dev.sandboxes.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sandboxes.Sandbox;
import dev.sandboxes.SandboxBuilder;
import dev.sandboxes.Sandboxes;
import dev.sandboxes.agents.AgentUser;
import dev.sandboxes.agents.Agents;
import dev.sandboxes.core.SandboxEvent;
import dev.sandboxes.core.SandboxStatus;
import dev.sandboxes.errors.SandboxConflictException;
import dev.sandboxes.errors.SandboxException;
import dev.sandboxes.errors.SandboxTimeoutException;
import dev.sandboxes.internal.SandboxNames;
import dev.sandboxes.internal.SpecPolicy;
import dev.sandboxes.spi.HostOwner;
import dev.sandboxes.spi.SandboxSpec;
import dev.sandboxes.spi.LabelCodec;
import dev.sandboxes.templates.Template;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
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
        List<SandboxEvent.Type> events = new CopyOnWriteArrayList<>();
        List<Sandbox> handles = openAtOnce(10, i -> support.builder(workspace).listener(e -> events.add(e.type())));
        assertEquals(1, handles.stream().map(Sandbox::id).collect(Collectors.toSet()).size());
        for (Sandbox handle : handles) {
            assertEquals("ok\n", handle.exec("echo", "ok").stdout());
            handle.close();
        }
        assertEquals(1, DockerTestSupport.containersOf(workspace).size());
        // One creator; everyone else reused its sandbox, and only the creator started it.
        assertEquals(1, events.stream().filter(SandboxEvent.Type.CREATED::equals).count());
        assertEquals(1, events.stream().filter(SandboxEvent.Type.STARTED::equals).count());
        assertEquals(9, events.stream().filter(SandboxEvent.Type.REUSED::equals).count());
    }

    @Test
    void openersAskingForDifferentNamesForOneNewWorkspaceStillEndWithOneContainer() throws Exception {
        Path workspace = support.newWorkspace("names");
        String custom = "custom-" + workspace.getFileName();
        List<Object> outcomes = outcomesAtOnce(6, i -> i % 2 == 0 ? support.builder(workspace) : support.builder(workspace).name(custom));
        assertEquals(1, DockerTestSupport.containersOf(workspace).size());
        String name = DockerTestSupport.containersOf(workspace).get(0).getNames()[0].substring(1);
        for (Object outcome : outcomes) {
            if (outcome instanceof Sandbox sandbox) {
                assertEquals(name, sandbox.name());
                sandbox.close();
            } else {
                // The name is fixed at creation: whoever asked for the other one is told so.
                SandboxConflictException conflict = (SandboxConflictException) outcome;
                assertTrue(conflict.differences().get(0).startsWith("name:"), conflict.getMessage());
            }
        }
    }

    @Test
    void tenThreadsRecreatingOneSandboxAtOnceAllSucceedOnOneNewContainer() throws Exception {
        Path workspace = support.newWorkspace("recreate-race");
        String oldId;
        try (Sandbox old = support.builder(workspace).env("A", "1").open()) {
            oldId = old.id();
        }
        List<Sandbox> handles = openAtOnce(10, i -> support.builder(workspace).env("A", "2").recreate());
        Set<String> ids = handles.stream().map(Sandbox::id).collect(Collectors.toSet());
        assertEquals(1, ids.size());
        assertTrue(!ids.contains(oldId));
        assertEquals("2\n", handles.get(0).exec("sh", "-c", "echo $A").stdout());
        assertEquals(1, DockerTestSupport.containersOf(workspace).size());
        handles.forEach(Sandbox::close);
    }

    @Test
    void aSandboxLeftUnstartedByACreatorThatDiedIsCheckedAndStartedByTheNextOpen() throws Exception {
        Path workspace = support.newWorkspace("takeover");
        String orphan = createWithoutStarting(workspace);
        try (DockerSandboxRuntime runtime = DockerTestSupport.runtime(Duration.ofMillis(300), true);
             Sandbox sandbox = Sandboxes.forWorkspace(workspace).template(DockerTestSupport.TEMPLATE).runtime(runtime).open()) {
            assertEquals(orphan, sandbox.id());
            assertEquals(SandboxStatus.RUNNING, sandbox.info().status());
            assertEquals("alive\n", sandbox.exec("echo", "alive").stdout());
            // The taker wrote what the creator would have: the agent's .gitconfig, safe.directory included.
            assertEquals(0, sandbox.exec("grep", "-q", "directory = \"" + workspace + "\"", "/home/agent/.gitconfig").exitCode());
        }
        assertEquals(1, DockerTestSupport.containersOf(workspace).size());
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
        assertEquals(1, DockerTestSupport.containersOf(workspace).size());
    }

    @Test
    void twentyWorkspacesOpenedInParallelGiveTwentySandboxesAndLeakNoThreadOrConnection() throws Exception {
        // A first round brings the runtime's pools (connections, exec threads) to their working size.
        openTwentyInParallel("warm");
        ResourceCount before = ResourceCount.now();
        List<Sandbox> handles = openTwentyInParallel("twenty");
        ResourceCount after = ResourceCount.now();
        assertEquals(20, handles.stream().map(Sandbox::id).distinct().count());
        System.out.printf("twenty parallel opens: threads %d -> %d, open files %d -> %d%n",
                before.threads(), after.threads(), before.files(), after.files());
        // Pools grow and shrink with how the opens overlap (the exec pool keeps idle threads for 60 s),
        // so a few may come and go; a leak grows by one per open at least: twenty.
        assertTrue(after.threads() < before.threads() + 10, before + " -> " + after);
        assertTrue(after.files() < before.files() + 10, before + " -> " + after);
    }

    @Test
    void oneHandleIsSafeToUseFromManyThreads() throws Exception {
        Path workspace = support.newWorkspace("shared-handle");
        try (Sandbox sandbox = support.builder(workspace).open()) {
            ExecutorService pool = Executors.newFixedThreadPool(16);
            try {
                List<Future<?>> work = new ArrayList<>();
                for (int i = 0; i < 64; i++) {
                    int n = i;
                    work.add(pool.submit(() -> {
                        String word = "w" + n;
                        assertEquals(word + "\n", sandbox.exec("echo", word).stdout());
                        String path = "/tmp/shared-" + n;
                        sandbox.writeFile(path, word.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                        assertEquals(word, new String(sandbox.readFile(path), java.nio.charset.StandardCharsets.UTF_8));
                        assertEquals(SandboxStatus.RUNNING, sandbox.info().status());
                        return null;
                    }));
                }
                for (Future<?> done : work) {
                    done.get();
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    /** Opens twenty new workspaces from twenty threads at once, runs a command in each, and closes the handles. */
    private List<Sandbox> openTwentyInParallel(String name) throws Exception {
        List<Path> workspaces = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            workspaces.add(support.newWorkspace(name + i));
        }
        List<Sandbox> handles = openAtOnce(20, i -> support.builder(workspaces.get(i)));
        for (Sandbox handle : handles) {
            assertEquals("ok\n", handle.exec("echo", "ok").stdout());
            handle.close();
        }
        return handles;
    }

    /** The JVM's live threads and open file descriptors (sockets included). */
    private record ResourceCount(int threads, long files) {
        static ResourceCount now() throws java.io.IOException {
            try (var fds = Files.list(Path.of("/proc/self/fd"))) {
                return new ResourceCount(java.lang.management.ManagementFactory.getThreadMXBean().getThreadCount(), fds.count());
            }
        }
    }

    /** What a creator leaves behind if it dies right after creating the container. */
    private String createWithoutStarting(Path workspace) throws Exception {
        SandboxSpec spec = SandboxSpec.builder(workspace, workspace.toString(), SandboxNames.forWorkspace(workspace),
                        Agents.named(Agents.SHELL), SpecPolicy.INSTANCE)
                .workspaceInode(Optional.of(String.valueOf(Files.getAttribute(workspace, "unix:ino"))))
                .template(Optional.of(Template.image(DockerTestSupport.TEMPLATE)))
                .workspaceOwner(Optional.of(new HostOwner(0, 0, 0777))).build();
        // As a creator records it, before it would write the agent's files and start.
        Map<String, String> agentLabels = LabelCodec.agentLabels(new AgentUser(AgentUser.NAME, 1000, 1000, false), true);
        return DockerTestSupport.creator().create(spec, DockerTestSupport.TEMPLATE, agentLabels, Optional.empty()).orElseThrow();
    }

    /** Opens from {@code threads} threads released at the same instant; each outcome a handle or an exception. */
    private static List<Object> outcomesAtOnce(int threads, IntFunction<SandboxBuilder> builders) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Object>> opened = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                SandboxBuilder builder = builders.apply(i);
                opened.add(pool.submit(() -> {
                    start.await();
                    try {
                        return builder.open();
                    } catch (SandboxException e) {
                        return e;
                    }
                }));
            }
            start.countDown();
            List<Object> outcomes = new ArrayList<>();
            for (Future<Object> future : opened) {
                outcomes.add(future.get());
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Opens from {@code threads} threads released at the same instant; every open must succeed. */
    private static List<Sandbox> openAtOnce(int threads, IntFunction<SandboxBuilder> builders) throws Exception {
        List<Sandbox> handles = new ArrayList<>();
        for (Object outcome : outcomesAtOnce(threads, builders)) {
            if (outcome instanceof SandboxException e) {
                throw e;
            }
            handles.add((Sandbox) outcome);
        }
        return handles;
    }
}
