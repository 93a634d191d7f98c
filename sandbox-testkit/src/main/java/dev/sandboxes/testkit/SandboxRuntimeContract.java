package dev.sandboxes.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sandboxes.Sandbox;
import dev.sandboxes.SandboxBuilder;
import dev.sandboxes.SandboxManager;
import dev.sandboxes.Sandboxes;
import dev.sandboxes.core.FileEntry;
import dev.sandboxes.core.Prune;
import dev.sandboxes.core.SandboxEvent;
import dev.sandboxes.core.SandboxInfo;
import dev.sandboxes.core.SandboxLabels;
import dev.sandboxes.core.SandboxListener;
import dev.sandboxes.core.SandboxStatus;
import dev.sandboxes.core.SandboxSummary;
import dev.sandboxes.errors.InvalidSandboxConfigException;
import dev.sandboxes.errors.SandboxClosedException;
import dev.sandboxes.errors.SandboxConflictException;
import dev.sandboxes.errors.SandboxNotFoundException;
import dev.sandboxes.errors.SandboxStateException;
import dev.sandboxes.exec.AuditEntry;
import dev.sandboxes.exec.ExecEvent;
import dev.sandboxes.exec.ExecRequest;
import dev.sandboxes.exec.ExecResult;
import dev.sandboxes.spi.BuildsTemplates;
import dev.sandboxes.spi.ChangesLimits;
import dev.sandboxes.spi.ControlsNetwork;
import dev.sandboxes.spi.SandboxRuntime;
import dev.sandboxes.spi.SavesAndResets;
import dev.sandboxes.spi.TracksActivity;
import dev.sandboxes.templates.TemplateNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link SandboxRuntime} must do, as the API promises it: a TCK, like docker-java's for
 * its transports. A runtime passes by a subclass of a few lines; the Docker runtime and the
 * in-memory runtime both do. The exec behaviours (exit codes, streams, stdin, timeouts) use
 * {@code sh -c "echo out; echo err >&2; exit 3"}, {@code true}, {@code cat} and {@code sleep 60}: a
 * runtime without real processes scripts those, as the in-memory runtime's contract test does.
 *
 * <pre>{@code
 * class MyRuntimeContractTest extends SandboxRuntimeContract implements SavesAndResetsContract {
 *     private static final MyRuntime RUNTIME = new MyRuntime();      // claims SavesAndResets, nothing else
 *     public SandboxRuntime runtime() { return RUNTIME; }
 *     public String template() { return "debian:trixie"; }
 * }
 * }</pre>
 */
public abstract class SandboxRuntimeContract implements RuntimeContractSupport {

    private final List<Path> workspaces = new ArrayList<>();

    /** The runtime under test; the same instance for every test of a class is best. */
    @Override
    public abstract SandboxRuntime runtime();

    /** A template image that exists for this runtime. */
    @Override
    public abstract String template();

    /** A template image that does not exist for this runtime. */
    @Override
    public String missingTemplate() {
        return "sandboxes/no-such-template:0";
    }

    @AfterEach
    @Override
    public void removeWhatTheTestMade() {
        for (Path workspace : workspaces) {
            runtime().findByWorkspace(workspace).ifPresent(s -> runtime().remove(s.id(), dev.sandboxes.core.SandboxListener.NONE));
            try (var paths = Files.walk(workspace)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // A leftover temporary folder harms nothing.
            }
        }
        workspaces.clear();
    }

    /** A new empty workspace, open to all (the sandbox's user is not its owner), removed after the test. */
    @Override
    public Path newWorkspace() throws IOException {
        Path workspace = Files.createTempDirectory("sandbox-contract-").toRealPath();
        Files.setPosixFilePermissions(workspace, PosixFilePermissions.fromString("rwxrwxrwx"));
        workspaces.add(workspace);
        return workspace;
    }

    /** Removes an image a test saved; a runtime whose images outlive the test overrides this. */
    @Override
    public void removeImage(String image) {
    }

    /** A builder on this runtime and its template. */
    @Override
    public SandboxBuilder builder(Path workspace) {
        return Sandboxes.forWorkspace(workspace).template(template()).runtime(runtime());
    }

    /** Each capability of the SPI and the contract a runtime that claims it passes. */
    private static final Map<Class<?>, Class<?>> CAPABILITY_CONTRACTS = Map.of(
            BuildsTemplates.class, BuildsTemplatesContract.class,
            SavesAndResets.class, SavesAndResetsContract.class,
            ControlsNetwork.class, ControlsNetworkContract.class,
            ChangesLimits.class, ChangesLimitsContract.class,
            TracksActivity.class, TracksActivityContract.class);

    @Test
    void theRuntimeClaimsExactlyTheCapabilitiesWhoseContractsThisTestRuns() {
        List<String> wrong = new ArrayList<>();
        CAPABILITY_CONTRACTS.forEach((capability, contract) -> {
            boolean claimed = capability.isInstance(runtime());
            if (claimed != contract.isInstance(this)) {
                wrong.add(claimed ? "the " + runtime().name() + " runtime claims " + capability.getSimpleName()
                        + ": implement " + contract.getSimpleName() + " in " + getClass().getSimpleName()
                        : getClass().getSimpleName() + " runs " + contract.getSimpleName() + " for a runtime without "
                        + capability.getSimpleName());
            }
        });
        assertEquals(List.of(), wrong);
    }

    @Test
    void openCreatesARunningSandboxLabelledWithItsWorkspace() throws IOException {
        Path workspace = newWorkspace();
        try (Sandbox sandbox = builder(workspace).open()) {
            SandboxInfo info = sandbox.info();
            assertEquals(SandboxStatus.RUNNING, info.status());
            assertEquals(workspace, info.workspace());
            assertEquals(template(), info.template());
            assertEquals("shell", info.agent());
            assertEquals("true", info.labels().get(SandboxLabels.MARKER));
            assertEquals(workspace.toString(), info.labels().get(SandboxLabels.WORKSPACE));
            assertEquals(Sandboxes.version(), info.labels().get(SandboxLabels.VERSION));
        }
    }

    @Test
    void reopeningTheWorkspaceReusesTheSameSandbox() throws IOException {
        Path workspace = newWorkspace();
        String first;
        try (Sandbox sandbox = builder(workspace).open()) {
            first = sandbox.id();
        }
        List<SandboxEvent.Type> events = new CopyOnWriteArrayList<>();
        try (Sandbox sandbox = builder(workspace).listener(e -> events.add(e.type())).open()) {
            assertEquals(first, sandbox.id());
        }
        assertEquals(List.of(SandboxEvent.Type.REUSED), events);
        assertEquals(1, runtime().list().stream().filter(s -> s.workspace().equals(workspace)).count());
    }

    @Test
    void aClosedHandleRefusesWorkButTheSandboxLivesOn() throws IOException {
        Path workspace = newWorkspace();
        Sandbox sandbox = builder(workspace).open();
        sandbox.close();
        sandbox.close();
        assertThrows(SandboxClosedException.class, () -> sandbox.exec("true"));
        assertThrows(SandboxClosedException.class, sandbox::info);
        assertThrows(SandboxClosedException.class, sandbox::stop);
        assertThrows(SandboxClosedException.class, sandbox::remove);
        assertEquals(SandboxStatus.RUNNING, runtime().findByWorkspace(workspace).orElseThrow().status());
    }

    @Test
    void aStoppedSandboxRefusesCommandsAndTheNextOpenStartsIt() throws IOException {
        Path workspace = newWorkspace();
        String id;
        try (Sandbox sandbox = builder(workspace).open()) {
            id = sandbox.id();
            sandbox.stop();
            assertEquals(SandboxStatus.STOPPED, sandbox.info().status());
            assertThrows(SandboxStateException.class, () -> sandbox.exec("true"));
        }
        List<SandboxEvent.Type> events = new CopyOnWriteArrayList<>();
        try (Sandbox sandbox = builder(workspace).listener(e -> events.add(e.type())).open()) {
            assertEquals(id, sandbox.id());
            assertEquals(SandboxStatus.RUNNING, sandbox.info().status());
        }
        assertEquals(List.of(SandboxEvent.Type.STARTED), events);
    }

    @Test
    void pruneRemovesWhatItNamesAndNothingElse() throws Exception {
        Path parent = newWorkspace();
        Sandbox stopped = builder(newWorkspaceIn(parent, "stopped")).open();
        Sandbox running = builder(newWorkspaceIn(parent, "running")).open();
        Path goneFolder = newWorkspaceIn(parent, "gone");
        Sandbox gone = builder(goneFolder).open();
        Sandbox outside = builder(newWorkspace()).open();
        stopped.stop();
        outside.stop();
        Files.delete(goneFolder);
        Duration stoppedFor = Duration.ofMillis(10);
        // Stopped for that long by the runtime's own clock, which stamped the stops.
        for (Sandbox each : List.of(stopped, outside)) {
            java.time.Instant stoppedAt = each.info().stoppedAt().orElseThrow();
            Awaits.awaitTrue(() -> !runtime().now().isBefore(stoppedAt.plus(stoppedFor)), "the runtime's clock never passed "
                    + stoppedAt.plus(stoppedFor));
        }
        Prune prune = Prune.stoppedFor(stoppedFor).orWorkspaceGone().within(parent);
        SandboxManager manager = Sandboxes.manager(runtime());

        List<Prune.Match> listed = manager.prune(prune.dryRun());
        assertEquals(Set.of(stopped.id(), gone.id()), ids(listed));
        assertEquals(4, runtime().list().stream().filter(s -> Set.of(stopped.id(), running.id(), gone.id(), outside.id())
                .contains(s.id())).count(), "a dry run removed something");

        List<Prune.Match> removed = manager.prune(prune);
        assertEquals(Set.of(stopped.id(), gone.id()), ids(removed));
        assertTrue(removed.stream().anyMatch(m -> m.sandbox().id().equals(gone.id()) && m.reason().equals("workspace gone")));
        assertEquals(SandboxStatus.REMOVED, stopped.info().status());
        assertEquals(SandboxStatus.RUNNING, running.info().status());
        assertEquals(SandboxStatus.STOPPED, outside.info().status());
        List.of(stopped, running, gone, outside).forEach(Sandbox::close);
    }

    private static Set<String> ids(List<Prune.Match> matches) {
        return matches.stream().map(m -> m.sandbox().id()).collect(java.util.stream.Collectors.toSet());
    }

    /** A workspace inside another, removed after the test like the others. */
    private Path newWorkspaceIn(Path parent, String name) throws IOException {
        Path workspace = Files.createDirectories(parent.resolve(name));
        workspaces.add(0, workspace);
        return workspace;
    }

    @Test
    void everyCommandIsToldToTheListenerAndWrittenToTheAuditLogInOrder() throws IOException {
        List<ExecEvent> events = new CopyOnWriteArrayList<>();
        SandboxListener listener = new SandboxListener() {
            @Override
            public void onEvent(SandboxEvent event) {
            }

            @Override
            public void onExec(ExecEvent event) {
                events.add(event);
            }
        };
        try (Sandbox sandbox = builder(newWorkspace()).listener(listener).open()) {
            sandbox.exec("true");
            sandbox.exec("sh", "-c", "echo out; echo err >&2; exit 3");
            assertEquals(List.of("STARTED true", "FINISHED true exit 0", "STARTED sh", "FINISHED sh exit 3"), events.stream()
                    .map(e -> e.type() + " " + e.argv().get(0)
                            + (e.exitCode().isPresent() ? " exit " + e.exitCode().getAsInt() : "")).toList());
            assertTrue(events.stream().allMatch(e -> e.sandboxId().equals(sandbox.id()) && e.kind() == ExecEvent.Kind.COMMAND
                    && e.user().equals("agent")));
            assertTrue(events.get(3).duration().orElseThrow().compareTo(Duration.ZERO) >= 0);

            List<AuditEntry> audit = sandbox.auditLog();
            assertEquals(2, audit.size(), audit.toString());
            assertEquals(List.of("true"), audit.get(0).argv());
            assertEquals(0, audit.get(0).exitCode().getAsInt());
            assertEquals(List.of("sh", "-c", "echo out; echo err >&2; exit 3"), audit.get(1).argv());
            assertEquals(3, audit.get(1).exitCode().getAsInt());
            assertFalse(audit.get(1).time().isBefore(audit.get(0).time()));
            assertEquals(audit, Sandboxes.manager(runtime()).auditLog(sandbox.name()));
        }
    }

    @Test
    void removeDeletesTheSandboxAndTheNextOpenMakesANewOne() throws IOException {
        Path workspace = newWorkspace();
        List<SandboxEvent.Type> events = new CopyOnWriteArrayList<>();
        Sandbox sandbox = builder(workspace).listener(e -> events.add(e.type())).open();
        String id = sandbox.id();
        sandbox.remove();
        assertTrue(runtime().findByWorkspace(workspace).isEmpty());
        assertThrows(SandboxClosedException.class, sandbox::info);
        assertEquals(List.of(SandboxEvent.Type.CREATING, SandboxEvent.Type.CREATED, SandboxEvent.Type.STARTED,
                SandboxEvent.Type.REMOVED), events);
        try (Sandbox again = builder(workspace).open()) {
            assertNotEquals(id, again.id());
        }
    }

    @Test
    void tenThreadsOpeningOneNewWorkspaceEndWithOneSandbox() throws Exception {
        Path workspace = newWorkspace();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            List<Future<Sandbox>> opened = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                opened.add(pool.submit(() -> {
                    start.await();
                    return builder(workspace).open();
                }));
            }
            start.countDown();
            Set<String> ids = new java.util.HashSet<>();
            for (Future<Sandbox> future : opened) {
                try (Sandbox sandbox = future.get()) {
                    ids.add(sandbox.id());
                }
            }
            assertEquals(1, ids.size());
            assertEquals(1, runtime().list().stream().filter(s -> s.workspace().equals(workspace)).count());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anotherEnvIsAConflictNamingTheVariableButNotItsValueUnlessRecreated() throws IOException {
        Path workspace = newWorkspace();
        String id;
        try (Sandbox sandbox = builder(workspace).env("MY_TOKEN", "old-secret").open()) {
            id = sandbox.id();
        }
        SandboxConflictException conflict = assertThrows(SandboxConflictException.class,
                () -> builder(workspace).env("MY_TOKEN", "new-secret").open());
        assertEquals(List.of("env: the value of MY_TOKEN differs"), conflict.differences());
        assertFalse(conflict.getMessage().contains("secret"), conflict.getMessage());
        try (Sandbox recreated = builder(workspace).env("MY_TOKEN", "new-secret").recreate().open()) {
            assertNotEquals(id, recreated.id());
            assertEquals(Map.of("MY_TOKEN", SandboxInfo.MASK), recreated.info().env());
        }
    }

    @Test
    void anotherAgentIsAConflictNamingBothAgents() throws IOException {
        Path workspace = newWorkspace();
        builder(workspace).open().close();
        SandboxConflictException conflict = assertThrows(SandboxConflictException.class,
                () -> builder(workspace).agent("claude").open());
        assertEquals(List.of("agent: asked for \"claude\", sandbox has \"shell\""), conflict.differences());
    }

    @Test
    void labelsGivenAtCreationAreListedAndAReopenWithOtherLabelsKeepsThemWithoutAConflict() throws IOException {
        Path workspace = newWorkspace();
        String id;
        try (Sandbox sandbox = builder(workspace).label("com.example.team", "search").label("com.example.empty", "").open()) {
            id = sandbox.id();
            assertEquals("search", sandbox.info().labels().get("com.example.team"));
            assertEquals("", sandbox.info().labels().get("com.example.empty"));
        }
        SandboxSummary listed = runtime().list().stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
        assertEquals("search", listed.labels().get("com.example.team"));
        // Like Docker's labels, they are set at creation: other ones on a reopen change nothing.
        try (Sandbox sandbox = builder(workspace).label("com.example.team", "ads").label("com.example.new", "1").open()) {
            assertEquals(id, sandbox.id());
            assertEquals("search", sandbox.info().labels().get("com.example.team"));
            assertFalse(sandbox.info().labels().containsKey("com.example.new"));
        }
    }

    @Test
    void aFileWrittenAnywhereReadsBackAndAMissingOneIsNotFound() throws IOException {
        try (Sandbox sandbox = builder(newWorkspace()).open()) {
            sandbox.writeText("/tmp/contract.txt", "written");
            assertEquals("written", sandbox.readText("/tmp/contract.txt"));
            assertThrows(SandboxNotFoundException.class, () -> sandbox.readFile("/tmp/no-such-contract-file"));
        }
    }

    @Test
    void partOfAFileIsReadFromAnOffsetAndNothingPastItsEnd() throws IOException {
        Path workspace = newWorkspace();
        try (Sandbox sandbox = builder(workspace).open()) {
            for (String file : List.of("/tmp/contract-part.txt", workspace + "/part.txt")) {
                sandbox.writeText(file, "0123456789");
                assertEquals("345", new String(sandbox.readFile(file, 3, 3), StandardCharsets.UTF_8));
                assertEquals("89", new String(sandbox.readFile(file, 8, 100), StandardCharsets.UTF_8));
                assertEquals(0, sandbox.readFile(file, 10, 5).length);
                assertEquals(0, sandbox.readFile(file, 1L << 40, 5).length);
                assertEquals(0, sandbox.readFile(file, 0, 0).length);
            }
            assertThrows(InvalidSandboxConfigException.class, () -> sandbox.readFile("/tmp/contract-part.txt", -1, 3));
            assertThrows(InvalidSandboxConfigException.class, () -> sandbox.readFile("/tmp/contract-part.txt", 0, -3));
            assertThrows(InvalidSandboxConfigException.class, () -> sandbox.readFile(workspace.toString(), 0, 3));
            assertThrows(SandboxNotFoundException.class, () -> sandbox.readFile("/tmp/no-such-contract-file", 0, 3));
        }
    }

    @Test
    void aFolderListsItsEntriesByNameWithTypesSizesAndModes() throws IOException {
        Path workspace = newWorkspace();
        Path tree = hostTree();
        try (Sandbox sandbox = builder(workspace).open()) {
            for (String folder : List.of("/tmp/contract-list", workspace + "/listed")) {
                sandbox.copyTo(tree, folder);
                sandbox.writeFile(folder + "/b.txt", "four".getBytes(StandardCharsets.UTF_8), 0600, 1000, 1000);

                List<FileEntry> entries = sandbox.listFiles(folder);

                assertEquals(List.of("a -name with spaces", "b.txt", "sub"), entries.stream().map(FileEntry::name).toList());
                FileEntry a = entries.get(0);
                assertEquals(FileEntry.Type.FILE, a.type());
                assertEquals(2, a.size());
                assertEquals(folder + "/a -name with spaces", a.path());
                FileEntry b = entries.get(1);
                assertEquals(4, b.size());
                assertEquals(0600, b.mode());
                assertTrue(entries.get(2).isFolder());
                assertEquals(List.of("inner.txt"), sandbox.listFiles(folder + "/sub").stream().map(FileEntry::name).toList());
                assertThrows(InvalidSandboxConfigException.class, () -> sandbox.listFiles(folder + "/b.txt"));
            }
            assertThrows(SandboxNotFoundException.class, () -> sandbox.listFiles("/tmp/no-such-contract-folder"));
        }
    }

    @Test
    void deleteRemovesAFileOrAWholeFolderAndRefusesTheRootAndTheWorkspace() throws IOException {
        Path workspace = newWorkspace();
        Path tree = hostTree();
        try (Sandbox sandbox = builder(workspace).open()) {
            for (String folder : List.of("/tmp/contract-delete", workspace + "/deleted")) {
                sandbox.copyTo(tree, folder);

                sandbox.delete(folder + "/b.txt");
                sandbox.delete(folder + "/sub");

                assertEquals(List.of("a -name with spaces"), sandbox.listFiles(folder).stream().map(FileEntry::name).toList());
                assertThrows(SandboxNotFoundException.class, () -> sandbox.delete(folder + "/b.txt"));
            }
            assertThrows(InvalidSandboxConfigException.class, () -> sandbox.delete("/"));
            assertThrows(InvalidSandboxConfigException.class, () -> sandbox.delete(workspace + "/./"));
            assertTrue(Files.exists(workspace.resolve("deleted/a -name with spaces")), "the workspace keeps what was not deleted");
        }
    }

    /** A host folder of two files (one named with spaces and a dash) and a sub-folder, to copy in. */
    private Path hostTree() throws IOException {
        Path tree = newWorkspace().resolve("tree");
        Files.createDirectories(tree.resolve("sub"));
        Files.write(tree.resolve("a -name with spaces"), new byte[] {1, 2});
        Files.writeString(tree.resolve("b.txt"), "one");
        Files.writeString(tree.resolve("sub/inner.txt"), "not listed with its folder");
        return tree;
    }

    @Test
    void settingsLeftUnsetAcceptWhatExists() throws IOException {
        Path workspace = newWorkspace();
        String id;
        try (Sandbox sandbox = builder(workspace).agent("claude").env("APP_ENV", "dev").open()) {
            id = sandbox.id();
        }
        try (Sandbox sandbox = Sandboxes.forWorkspace(workspace).runtime(runtime()).open()) {
            assertEquals(id, sandbox.id());
            assertEquals("claude", sandbox.info().agent());
            assertEquals(Map.of("APP_ENV", "dev"), sandbox.info().env());
        }
    }

    @Test
    void sandboxesAreListedFoundAttachedInspectedStoppedAndRemovedByIdPrefixOrName() throws IOException {
        Path workspace = newWorkspace();
        String id;
        String name;
        try (Sandbox sandbox = builder(workspace).open()) {
            id = sandbox.id();
            name = sandbox.name();
        }
        SandboxManager manager = Sandboxes.manager(runtime());
        SandboxSummary listed = manager.list().stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
        assertEquals(name, listed.name());
        assertEquals(id, manager.find(workspace).orElseThrow().id());
        for (String reference : List.of(id, id.substring(0, 12), name)) {
            try (Sandbox attached = manager.attach(reference)) {
                assertEquals(id, attached.id());
            }
        }
        manager.stop(name);
        assertEquals(SandboxStatus.STOPPED, manager.inspect(id).status());
        manager.remove(id.substring(0, 12));
        assertTrue(manager.find(workspace).isEmpty());
        assertThrows(SandboxNotFoundException.class, () -> manager.attach(id));
    }

    @Test
    void aMissingTemplateIsAClearErrorAndCreatesNothing() throws IOException {
        Path workspace = newWorkspace();
        TemplateNotFoundException e = assertThrows(TemplateNotFoundException.class,
                () -> Sandboxes.forWorkspace(workspace).template(missingTemplate()).runtime(runtime()).open());
        assertEquals(missingTemplate(), e.template());
        assertTrue(runtime().findByWorkspace(workspace).isEmpty());
    }

    @Test
    void aSandboxRemovedBehindTheHandlesBackSaysSo() throws IOException {
        Path workspace = newWorkspace();
        try (Sandbox sandbox = builder(workspace).open()) {
            runtime().remove(sandbox.id(), dev.sandboxes.core.SandboxListener.NONE);
            assertEquals(SandboxStatus.REMOVED, sandbox.info().status());
            assertThrows(SandboxNotFoundException.class, () -> sandbox.exec("true"));
        }
    }

    @Test
    void exitCodesComeBackAndStreamsStaySeparate() throws IOException {
        try (Sandbox sandbox = builder(newWorkspace()).open()) {
            ExecResult result = sandbox.exec(ExecRequest.shell("echo out; echo err >&2; exit 3"));
            assertEquals(3, result.exitCode());
            assertEquals("out\n", result.stdout());
            assertEquals("err\n", result.stderr());
            assertEquals(0, sandbox.exec("true").exitCode());
        }
    }

    @Test
    void stdinReachesTheProcessAndEndsWithEndOfFile() throws IOException {
        try (Sandbox sandbox = builder(newWorkspace()).open()) {
            assertEquals("hello\n", sandbox.exec(ExecRequest.of("cat").withStdin("hello\n")).stdout());
        }
    }

    @Test
    void aTimeoutEndsTheCommandAndSaysSo() throws IOException {
        try (Sandbox sandbox = builder(newWorkspace()).open()) {
            ExecResult result = sandbox.exec(ExecRequest.of("sleep", "60").withTimeout(Duration.ofMillis(500)));
            assertTrue(result.timedOut());
            assertFalse(result.succeeded());
        }
    }
}
