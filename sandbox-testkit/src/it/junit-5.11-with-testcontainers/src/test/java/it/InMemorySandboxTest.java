package it;

import static dev.sandboxes.testkit.SandboxAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sandboxes.Sandbox;
import dev.sandboxes.core.SandboxStatus;
import dev.sandboxes.core.SandboxSummary;
import dev.sandboxes.testkit.InMemoryRuntime;
import dev.sandboxes.testkit.junit5.SandboxTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** The extension on the in-memory runtime: sandboxes injected, shared in their scope, removed after it. */
@SandboxTest(template = "node:22", runtime = SandboxTest.RuntimeKind.IN_MEMORY)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InMemorySandboxTest {

    static Sandbox forTheClass;
    static Path firstWorkspace;
    Sandbox beforeEach;

    @BeforeAll
    static void beforeAll(Sandbox sandbox) {
        forTheClass = sandbox;
    }

    @BeforeEach
    void beforeEach(Sandbox sandbox) {
        beforeEach = sandbox;
    }

    @Test
    @Order(1)
    void aTestGetsASandboxOnAFreshWorkspace(Sandbox sandbox, InMemoryRuntime runtime) {
        runtime.script().when("npm", "test").thenReturn(0, "12 passing\n", "");
        assertThat(sandbox.exec("npm", "test")).succeeded().stdoutContains("12 passing");
        assertEquals(beforeEach.id(), sandbox.id(), "@BeforeEach and the test share one");
        assertNotEquals(forTheClass.id(), sandbox.id(), "the class has its own");
        assertTrue(Files.isDirectory(sandbox.workspace()));
        firstWorkspace = sandbox.workspace();
    }

    @Test
    @Order(2)
    void theSandboxAndWorkspaceOfTheTestBeforeAreGone(InMemoryRuntime runtime) {
        assertNotNull(firstWorkspace, "the first test ran first");
        assertEquals(Set.of(forTheClass.id(), beforeEach.id()), runtime.list().stream().map(SandboxSummary::id)
                .collect(Collectors.toSet()), "the class's sandbox and this test's are left, the first test's is not");
        assertEquals(SandboxStatus.RUNNING, forTheClass.info().status());
        assertFalse(Files.exists(firstWorkspace), "its temporary workspace was deleted");
    }
}
