package dev.sandboxes;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.sandboxes.core.Limits;
import dev.sandboxes.core.Mount;
import dev.sandboxes.core.Prune;
import dev.sandboxes.core.SandboxEvent;
import dev.sandboxes.core.SandboxInfo;
import dev.sandboxes.core.SandboxListener;
import dev.sandboxes.core.SandboxStatus;
import dev.sandboxes.core.SandboxSummary;
import dev.sandboxes.errors.AmbiguousSandboxException;
import dev.sandboxes.errors.InvalidSandboxConfigException;
import dev.sandboxes.errors.SandboxClosedException;
import dev.sandboxes.errors.SandboxNotFoundException;
import dev.sandboxes.exec.ExecRequest;
import dev.sandboxes.exec.ExecResult;
import dev.sandboxes.spi.LabelCodec;
import dev.sandboxes.spi.SandboxRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mockito.invocation.InvocationOnMock;

/**
 * Resolving references to sandboxes and the handles the manager hands out, against a mocked runtime:
 * the manager and the handle decide policy, the runtime only carries it out.
 */
class SandboxManagerTest {

    /** Two ids sharing the prefix "a1", and a third one on its own. */
    private static final SandboxSummary ALPHA = summary(
            "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9", "sandbox-alpha", "/work/alpha",
            Map.of(LabelCodec.MOUNTS, "/data/fixtures\t/fixtures\tro"));
    private static final SandboxSummary BETA = summary(
            "a1ffeeddccbbaa99887766554433221100ffeeddccbbaa998877665544332211", "sandbox-beta", "/work/beta", Map.of());
    private static final SandboxSummary GAMMA = summary(
            "c0ffee0123456789abcdef0123456789abcdef0123456789abcdef0123456789", "sandbox-gamma", "/work/gamma", Map.of());

    private SandboxRuntime runtime;
    private SandboxManager manager;

    @BeforeEach
    void mockRuntimeHoldingThreeSandboxes() {
        runtime = mock(SandboxRuntime.class);
        when(runtime.list()).thenReturn(List.of(ALPHA, BETA, GAMMA));
        manager = Sandboxes.manager(runtime);
    }

    private static SandboxSummary summary(String id, String name, String workspace, Map<String, String> labels) {
        return new SandboxSummary(id, name, Path.of(workspace), "shell", "debian:trixie", SandboxStatus.RUNNING,
                Instant.parse("2025-01-01T00:00:00Z"), labels);
    }

    private static SandboxInfo infoOf(SandboxSummary summary) {
        return new SandboxInfo(summary, Map.of("APP_ENV", "dev"), List.of(), false, List.of(), java.util.Optional.empty(), true,
                false, Limits.defaults(), java.util.Optional.empty());
    }

    // ---------------------------------------------------------------- prune

    @Test
    void pruningGoneWorkspacesOfAnEngineOnAnotherMachineIsRefusedAndRemovesNothing() {
        when(runtime.seesWorkspaces()).thenReturn(false);
        when(runtime.description()).thenReturn("Docker 28.0 at tcp://build-host:2376");
        InvalidSandboxConfigException e = assertThrows(InvalidSandboxConfigException.class,
                () -> manager.prune(Prune.workspaceGone()));
        assertTrue(e.getMessage().contains("tcp://build-host:2376") && e.getMessage().contains("another machine"),
                e.getMessage());
        verify(runtime, never()).remove(anyString(), any());
    }

    @Test
    void pruneNeverTouchesARunningSandboxForItsStoppedTime() {
        // The three sandboxes run and their workspaces (/work/...) do not exist here: only the stopped time is asked.
        assertEquals(List.of(), manager.prune(Prune.stoppedFor(Duration.ofSeconds(1))));
        verify(runtime, never()).remove(anyString(), any());
    }

    // ---------------------------------------------------------------- resolve

    @Test
    void resolvesByFullId() {
        assertEquals(BETA, manager.resolve(BETA.id()));
    }

    @Test
    void resolvesByExactName() {
        assertEquals(GAMMA, manager.resolve("sandbox-gamma"));
    }

    @Test
    void aFullIdWinsOverAnotherSandboxNamedLikeIt() {
        SandboxSummary namedLikeAlpha = summary("d4e5f6", ALPHA.id(), "/work/delta", Map.of());
        when(runtime.list()).thenReturn(List.of(namedLikeAlpha, ALPHA));
        assertEquals(ALPHA, manager.resolve(ALPHA.id()));
    }

    @Test
    void resolvesByUniqueIdPrefix() {
        assertEquals(GAMMA, manager.resolve("c0f"));
        assertEquals(ALPHA, manager.resolve("a1b"));
    }

    @Test
    void ambiguousIdPrefixListsEveryMatch() {
        AmbiguousSandboxException e = assertThrows(AmbiguousSandboxException.class, () -> manager.resolve("a1"));

        assertEquals(2, e.matches().size(), e.matches()::toString);
        assertTrue(e.matches().stream().anyMatch(m -> m.contains(ALPHA.shortId()) && m.contains(ALPHA.name())),
                e.matches()::toString);
        assertTrue(e.matches().stream().anyMatch(m -> m.contains(BETA.shortId()) && m.contains(BETA.name())),
                e.matches()::toString);
    }

    @Test
    void referenceMatchingNothingIsNotFound() {
        SandboxNotFoundException e = assertThrows(SandboxNotFoundException.class, () -> manager.resolve("zzz"));

        assertTrue(e.getMessage().contains("'zzz'"), e::getMessage);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\t"})
    void blankReferenceIsNotFound(String reference) {
        // A blank reference would otherwise be a prefix of every id.
        assertThrows(SandboxNotFoundException.class, () -> manager.resolve(reference));
    }

    @Test
    void nullReferenceIsRefusedNamingTheParameter() {
        assertEquals("idOrName", assertThrows(NullPointerException.class, () -> manager.resolve(null)).getMessage());
    }

    @Test
    void stopAndRemoveByReferencePassTheFullId() {
        manager.stop("c0ffee");
        manager.remove("sandbox-beta");

        verify(runtime).stop(eq(GAMMA.id()), any());
        verify(runtime).remove(eq(BETA.id()), any());
    }

    @Test
    void inspectOfASandboxGoneSinceListingIsNotFound() {
        when(runtime.inspect(ALPHA.id())).thenReturn(Optional.empty());

        assertThrows(SandboxNotFoundException.class, () -> manager.inspect("sandbox-alpha"));
    }

    @Test
    void findLooksUpTheWorkspacesRealPath(@TempDir Path tmp) throws IOException {
        Path project = Files.createDirectories(tmp.resolve("project"));
        Path link = Files.createSymbolicLink(tmp.resolve("link"), project);
        when(runtime.findByWorkspace(project.toRealPath())).thenReturn(Optional.of(ALPHA));

        assertEquals(Optional.of(ALPHA), manager.find(link));
    }

    // ---------------------------------------------------------------- the attached handle

    @Test
    void attachReturnsAHandleOnTheResolvedSandbox() {
        Sandbox sandbox = manager.attach("c0f");

        assertAll(
                () -> assertEquals(GAMMA.id(), sandbox.id()),
                () -> assertEquals(GAMMA.name(), sandbox.name()),
                () -> assertEquals(GAMMA.workspace(), sandbox.workspace()));
    }

    @Test
    void execDelegatesToTheRuntimeInTheWorkspaceFolder() {
        ExecResult expected = new ExecResult(0, "On branch main\n", "", Duration.ofMillis(12));
        ExecRequest inWorkspace = ExecRequest.of("git", "status").inDirectory("/work/alpha");
        when(runtime.exec(ALPHA.id(), inWorkspace)).thenReturn(expected);

        ExecResult result = manager.attach("sandbox-alpha").exec("git", "status");

        assertSame(expected, result);
        verify(runtime).exec(ALPHA.id(), inWorkspace);
    }

    @Test
    void execWithoutArgumentsIsRefused() {
        Sandbox sandbox = manager.attach("sandbox-alpha");

        InvalidSandboxConfigException e = assertThrows(InvalidSandboxConfigException.class, sandbox::exec);

        assertTrue(e.getMessage().contains("needs a command"), e::getMessage);
        verify(runtime, never()).exec(anyString(), any(ExecRequest.class));
    }

    @Test
    void execWithANullArgumentNamesItsPosition() {
        Sandbox sandbox = manager.attach("sandbox-alpha");

        NullPointerException e = assertThrows(NullPointerException.class, () -> sandbox.exec("ls", null));

        assertEquals("argv[1]", e.getMessage());
    }

    @Test
    void closedHandleRefusesEveryOperation() {
        Sandbox sandbox = manager.attach("sandbox-alpha");
        sandbox.close();

        assertAll(
                () -> assertThrows(SandboxClosedException.class, () -> sandbox.exec("ls")),
                () -> assertThrows(SandboxClosedException.class, sandbox::info),
                () -> assertThrows(SandboxClosedException.class, sandbox::stop),
                () -> assertThrows(SandboxClosedException.class, sandbox::remove));
        verify(runtime, never()).exec(anyString(), any(ExecRequest.class));
        verify(runtime, never()).inspect(anyString());
        verify(runtime, never()).stop(anyString(), any());
        verify(runtime, never()).remove(anyString(), any());
    }

    @Test
    void closingTwiceIsFine() {
        Sandbox sandbox = manager.attach("sandbox-alpha");
        sandbox.close();

        assertDoesNotThrow(sandbox::close);
    }

    @Test
    void closingTheHandleLeavesTheSandboxAlone() {
        manager.attach("sandbox-alpha").close();

        verify(runtime, never()).stop(anyString(), any());
        verify(runtime, never()).remove(anyString(), any());
    }

    @Test
    void removeRemovesTheSandboxAndClosesTheHandle() {
        Sandbox sandbox = manager.attach("sandbox-alpha");

        sandbox.remove();

        verify(runtime).remove(eq(ALPHA.id()), any());
        assertThrows(SandboxClosedException.class, () -> sandbox.exec("ls"));
    }

    @Test
    void infoComesFromTheRuntime() {
        SandboxInfo info = infoOf(ALPHA);
        when(runtime.inspect(ALPHA.id())).thenReturn(Optional.of(info));

        assertSame(info, manager.attach("sandbox-alpha").info());
    }

    @Test
    void infoOfASandboxTheRuntimeNoLongerKnowsReportsItRemoved() {
        when(runtime.inspect(ALPHA.id())).thenReturn(Optional.empty());

        SandboxInfo info = manager.attach("sandbox-alpha").info();

        assertAll(
                () -> assertEquals(SandboxStatus.REMOVED, info.status()),
                () -> assertEquals(ALPHA.id(), info.id()),
                () -> assertEquals(ALPHA.name(), info.name()),
                () -> assertEquals(List.of(new Mount(Path.of("/data/fixtures"), "/fixtures", true)), info.mounts(),
                        "the mounts are still known from the labels"));
    }

    // ---------------------------------------------------------------- listeners

    /** Makes the runtime's stop and remove tell the listener they were given, as a real runtime does. */
    private void runtimeFiresEvents() {
        doAnswer(fire(SandboxEvent.Type.STOPPED)).when(runtime).stop(anyString(), any());
        doAnswer(fire(SandboxEvent.Type.REMOVED)).when(runtime).remove(anyString(), any());
    }

    private static org.mockito.stubbing.Answer<Void> fire(SandboxEvent.Type type) {
        Function<InvocationOnMock, SandboxEvent> event = invocation ->
                SandboxEvent.now(type, invocation.getArgument(0), "sandbox-alpha", Path.of("/work/alpha"));
        return invocation -> {
            SandboxListener listener = invocation.getArgument(1);
            listener.onEvent(event.apply(invocation));
            return null;
        };
    }

    @Test
    void listenerThatThrowsDoesNotBreakStop() {
        runtimeFiresEvents();
        AtomicInteger calls = new AtomicInteger();
        SandboxListener failing = event -> {
            calls.incrementAndGet();
            throw new IllegalStateException("listener bug");
        };
        SandboxManager listened = manager.listener(failing);

        assertDoesNotThrow(() -> listened.stop("sandbox-alpha"));
        assertDoesNotThrow(() -> listened.attach("sandbox-alpha").stop());
        assertEquals(2, calls.get(), "the listener was told of both stops");
    }

    @Test
    void listenerThatThrowsDoesNotBreakRemove() {
        runtimeFiresEvents();
        AtomicInteger calls = new AtomicInteger();
        SandboxManager listened = manager.listener(event -> {
            calls.incrementAndGet();
            throw new IllegalStateException("listener bug");
        });

        assertDoesNotThrow(() -> listened.remove("sandbox-alpha"));
        assertEquals(1, calls.get());
    }
}
