package dev.sandboxes.testkit.junit5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.sandboxes.Sandbox;
import dev.sandboxes.Sandboxes;
import dev.sandboxes.core.SandboxStatus;
import dev.sandboxes.testkit.InMemoryRuntime;
import dev.sandboxes.testkit.SandboxReaper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/** The extension's own behaviour, run through JUnit's EngineTestKit on scenario classes. */
class SandboxExtensionTest {

    static final InMemoryRuntime RUNTIME = new InMemoryRuntime();
    static final List<String> SEEN = new CopyOnWriteArrayList<>();

    @BeforeEach
    void reset() {
        SEEN.clear();
        RUNTIME.list().forEach(s -> RUNTIME.remove(s.id(), dev.sandboxes.core.SandboxListener.NONE));
    }

    @AfterEach
    void restoreDetection() {
        SandboxExtension.dockerUnavailableReason = DockerDetection::unavailableReason;
        System.clearProperty("sandboxes.requireDocker");
    }

    @Test
    void sandboxesAreInjectedAndSharedWithinTheirScopeAndRemovedWhenItEnds() {
        Events tests = run(Injected.class);
        tests.assertStatistics(stats -> stats.succeeded(2).failed(0));
        // Each test has its own sandbox, the same in @BeforeEach and in the test.
        assertEquals(2, SEEN.stream().filter(s -> s.startsWith("method:")).distinct().count());
        assertEquals(SEEN.stream().filter(s -> s.startsWith("method:")).toList(),
                SEEN.stream().filter(s -> s.startsWith("beforeEach:")).map(s -> s.replace("beforeEach:", "method:")).toList());
        // One class sandbox, the same for @BeforeAll and every test instance's constructor.
        assertEquals(1, SEEN.stream().filter(s -> s.startsWith("class:")).distinct().count());
        assertTrue(RUNTIME.list().isEmpty(), "everything was removed: " + RUNTIME.list());
    }

    @Test
    void aComposedAnnotationCarryingSandboxTestWorks() {
        run(Composed.class).assertStatistics(stats -> stats.succeeded(1));
    }

    @Test
    void anAgentsSandboxIsMadeFromTheAgentsTemplateWhenNoneIsNamed() {
        run(OfAnAgent.class).assertStatistics(stats -> stats.succeeded(1).failed(0));
    }

    @Test
    void aSecondHandleOnAnInjectedSandboxLeftOpenIsALeak() {
        Events tests = run(SecondHandle.class);
        tests.assertStatistics(stats -> stats.failed(1));
        Throwable failure = tests.failed().stream().findFirst().orElseThrow()
                .getRequiredPayload(org.junit.platform.engine.TestExecutionResult.class).getThrowable().orElseThrow();
        assertTrue(failure.getMessage().contains("was opened and not closed"), failure.getMessage());
    }

    @Test
    void aFailingTestsSandboxIsRemovedAll() {
        Events tests = run(Failing.class);
        tests.assertStatistics(stats -> stats.failed(1));
        assertEquals(1, SEEN.size());
        assertTrue(RUNTIME.list().isEmpty(), "the failed test's sandbox was removed: " + RUNTIME.list());
    }

    @Test
    void aTestThatLeavesASandboxOrAHandleBehindFailsNamingIt() {
        Events tests = run(Leaking.class);
        tests.assertStatistics(stats -> stats.failed(1));
        Throwable failure = tests.failed().stream().findFirst().orElseThrow()
                .getRequiredPayload(org.junit.platform.engine.TestExecutionResult.class).getThrowable().orElseThrow();
        assertTrue(failure.getMessage().contains("was created and not removed"), failure.getMessage());
        assertTrue(failure.getMessage().contains("was opened and not closed"), failure.getMessage());
        assertTrue(RUNTIME.list().isEmpty(), "the leak was cleaned up: " + RUNTIME.list());
    }

    @Test
    void withoutDockerADockerTestIsSkippedWithAReason() {
        SandboxExtension.dockerUnavailableReason = () -> Optional.of("no engine in this test");
        System.setProperty("sandboxes.requireDocker", "false");
        // The condition holds for the whole class, so JUnit skips the class: no test starts.
        var results = EngineTestKit.engine("junit-jupiter").selectors(selectClass(OnDocker.class)).execute();
        assertEquals(0, results.testEvents().started().count(), "no test started");
        assertTrue(SEEN.isEmpty());
        String reason = results.containerEvents().skipped().stream().findFirst().orElseThrow().getRequiredPayload(String.class);
        assertTrue(reason.contains("no engine in this test"), reason);
    }

    @Test
    void withoutDockerWhereDockerIsRequiredADockerTestFails() {
        SandboxExtension.dockerUnavailableReason = () -> Optional.of("no engine in this test");
        System.setProperty("sandboxes.requireDocker", "true");
        Events tests = run(OnDocker.class);
        tests.assertStatistics(stats -> stats.failed(1).skipped(0));
        Throwable failure = tests.failed().stream().findFirst().orElseThrow()
                .getRequiredPayload(org.junit.platform.engine.TestExecutionResult.class).getThrowable().orElseThrow();
        assertTrue(failure.getMessage().contains("Docker is required here"), failure.getMessage());
    }

    @Test
    void aSandboxCanBeOpenedOnAFolderTheTestNamesWhichIsKept() throws Exception {
        Path named = Files.createDirectories(Path.of(Named.FOLDER));
        Files.writeString(named.resolve("kept.txt"), "kept");
        run(Named.class).assertStatistics(stats -> stats.succeeded(1));
        assertEquals(named.toRealPath().toString(), SEEN.get(0));
        assertTrue(Files.exists(named.resolve("kept.txt")), "the named folder is left alone");
        assertTrue(RUNTIME.list().isEmpty());
    }

    @Test
    void everySandboxTheExtensionCreatesCarriesThisJvmsSessionForTheReaper() {
        run(Injected.class).assertStatistics(stats -> stats.succeeded(2));
        List<String> sessions = SEEN.stream().filter(s -> s.startsWith("session:")).toList();
        assertEquals(List.of("session:" + ReaperProcess.SESSION, "session:" + ReaperProcess.SESSION), sessions);
    }

    private static Events run(Class<?> scenario) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(scenario)).execute().testEvents();
    }

    static class Injected {
        @RegisterExtension
        static SandboxExtension sandboxes = SandboxExtension.on(RUNTIME, "any:1");
        static Sandbox shared;

        Injected(Sandbox forTheClass) {
            SEEN.add("class:" + forTheClass.id());
        }

        @BeforeAll
        static void beforeAll(Sandbox forTheClass) {
            shared = forTheClass;
            SEEN.add("class:" + forTheClass.id());
        }

        @BeforeEach
        void beforeEach(Sandbox sandbox) {
            SEEN.add("beforeEach:" + sandbox.id());
            SEEN.add("session:" + sandbox.info().labels().get(SandboxReaper.SESSION_LABEL));
        }

        @Test
        void first(Sandbox sandbox) {
            SEEN.add("method:" + sandbox.id());
            assertNotEquals(shared.id(), sandbox.id());
            assertEquals(SandboxStatus.RUNNING, sandbox.info().status());
            assertTrue(Files.isDirectory(sandbox.workspace()));
        }

        @Test
        void second(Sandbox sandbox) {
            SEEN.add("method:" + sandbox.id());
            assertEquals(SandboxStatus.RUNNING, shared.info().status(), "the class's sandbox lives on");
        }
    }

    @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
    @SandboxTest(template = "any:1", runtime = SandboxTest.RuntimeKind.IN_MEMORY)
    @interface InMemorySandboxTest {
    }

    @SandboxTest(agent = "claude", runtime = SandboxTest.RuntimeKind.IN_MEMORY)
    static class OfAnAgent {
        @Test
        void onTheAgentsOwnTemplate(Sandbox sandbox) {
            assertEquals("claude", sandbox.info().agent());
            assertEquals("builtin:claude", sandbox.info().template());
        }
    }

    @InMemorySandboxTest
    static class Composed {
        @Test
        void gotOne(Sandbox sandbox, InMemoryRuntime runtime) {
            assertEquals(1, runtime.list().size());
            assertEquals(sandbox.id(), runtime.list().get(0).id());
        }
    }

    static class SecondHandle {
        @RegisterExtension
        static SandboxExtension sandboxes = SandboxExtension.on(RUNTIME, "any:1");

        @Test
        void reopensWithoutClosing(Sandbox sandbox) {
            Sandboxes.forWorkspace(sandbox.workspace()).runtime(RUNTIME).open();  // a second handle, never closed
        }
    }

    static class Named {
        /** Relative to the test run's working directory: the module's folder. */
        static final String FOLDER = "target/named-workspace";

        @RegisterExtension
        static SandboxExtension sandboxes = SandboxExtension.on(RUNTIME, "any:1");

        @Test
        void onTheNamedFolder(@InWorkspace(FOLDER) Sandbox sandbox) {
            SEEN.add(sandbox.workspace().toString());
        }
    }

    static class Failing {
        @RegisterExtension
        static SandboxExtension sandboxes = SandboxExtension.on(RUNTIME, "any:1");

        @Test
        void fails(Sandbox sandbox) {
            SEEN.add(sandbox.id());
            throw new AssertionError("on purpose");
        }
    }

    static class Leaking {
        @RegisterExtension
        static SandboxExtension sandboxes = SandboxExtension.on(RUNTIME, "any:1");

        @Test
        void leaves() throws Exception {
            Path workspace = Files.createTempDirectory("leak-");
            Sandboxes.forWorkspace(workspace).template("any:1").runtime(RUNTIME).open();  // neither closed nor removed
        }
    }

    @SandboxTest(template = "any:1")
    static class OnDocker {
        @Test
        void needsDocker(Sandbox sandbox) {
            SEEN.add(sandbox.id());
        }
    }
}
