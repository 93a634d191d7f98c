package dev.sandboxes.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sandboxes.Sandboxes;
import dev.sandboxes.core.SandboxSummary;
import dev.sandboxes.spi.SandboxRuntime;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the reaper removes at the end of its test JVM, on the in-memory runtime; its process is tested on Docker. */
class SandboxReaperTest {

    @TempDir
    Path tmp;

    private final InMemoryRuntime runtime = new InMemoryRuntime();

    /** A sandbox on a new folder of that name under the stand-in temporary folder, labelled with the session if any. */
    private SandboxSummary sandbox(String folder, String session) throws IOException {
        Path workspace = Files.createDirectories(tmp.toRealPath().resolve(folder));
        Files.writeString(workspace.resolve("made-by-the-test.txt"), "x");
        var builder = Sandboxes.forWorkspace(workspace).template("any:1").runtime(runtime);
        if (session != null) {
            builder.label(SandboxReaper.SESSION_LABEL, session);
        }
        String id;
        try (var sandbox = builder.open()) {
            id = sandbox.id();
        }
        return runtime.list().stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void itRemovesTheSandboxesOfItsSessionAndDeletesOnlyTheExtensionsTemporaryWorkspaces() throws IOException {
        SandboxSummary temporary = sandbox(SandboxReaper.WORKSPACE_PREFIX + "1", "ours");
        SandboxSummary named = sandbox("my-project", "ours");
        SandboxSummary otherSession = sandbox(SandboxReaper.WORKSPACE_PREFIX + "2", "theirs");
        SandboxSummary unlabelled = sandbox(SandboxReaper.WORKSPACE_PREFIX + "3", null);

        List<String> removed = new SandboxReaper("ours", () -> runtime, tmp.toRealPath()).reap(runtime);

        assertEquals(List.of(temporary.name(), named.name()), removed);
        assertEquals(List.of(otherSession.id(), unlabelled.id()), runtime.list().stream().map(SandboxSummary::id).toList());
        assertFalse(Files.exists(temporary.workspace()), "the extension's temporary workspace is deleted");
        assertTrue(Files.exists(named.workspace().resolve("made-by-the-test.txt")), "a folder the test named is kept");
        assertTrue(Files.exists(otherSession.workspace()));
    }

    @Test
    void itAlsoRemovesWhatElseTheDeadJvmLeftOnTheEngine() throws IOException {
        SandboxSummary temporary = sandbox(SandboxReaper.WORKSPACE_PREFIX + "1", "ours");
        // The in-memory runtime leaves nothing behind; this one says it removed a probe.
        SandboxRuntime leaving = (SandboxRuntime) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {SandboxRuntime.class}, (proxy, method, args) -> method.getName().equals("removeLeftovers")
                        ? List.of("probe 3f2a1b9c0d4e of process 4242") : method.invoke(runtime, args));

        List<String> removed = new SandboxReaper("ours", () -> leaving, tmp.toRealPath()).reap(leaving);

        assertEquals(List.of(temporary.name(), "probe 3f2a1b9c0d4e of process 4242"), removed);
    }

    @Test
    void itTriesAgainWhileTheRuntimeIsUnavailableAndReapsOnlyOnce() throws IOException {
        sandbox(SandboxReaper.WORKSPACE_PREFIX + "1", "ours");
        AtomicInteger asked = new AtomicInteger();
        SandboxReaper reaper = new SandboxReaper("ours", () -> {
            if (asked.incrementAndGet() == 1) {
                throw new dev.sandboxes.errors.RuntimeUnavailableException("the engine is restarting");
            }
            return runtime;
        }, tmp.toRealPath());

        reaper.reapOnce();
        reaper.reapOnce();

        assertEquals(2, asked.get(), "once failing, once reaping, and no more");
        assertTrue(runtime.list().isEmpty());
    }
}
