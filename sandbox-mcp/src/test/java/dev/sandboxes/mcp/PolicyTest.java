package dev.sandboxes.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sandboxes.Sandbox;
import dev.sandboxes.Sandboxes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the operator's policy refuses; nothing is made for a refused open. */
class PolicyTest {

    @TempDir
    Path root;

    private McpHarness mcp;

    @AfterEach
    void stop() {
        if (mcp != null) {
            mcp.close();
        }
    }

    @Test
    void sudoIsRefusedWithoutAllowRoot() throws Exception {
        assertOpenRefused(policy -> policy, Map.of("sudo", true), "Root is not allowed");
    }

    @Test
    void sudoIsAllowedWithAllowRoot() throws Exception {
        start(policy -> policy.allowRoot(true));

        mcp.ok("sandbox_open", Map.of("workspace", workspace("a"), "sudo", true));
    }

    @Test
    void theDockerSocketIsRefusedByDefault() throws Exception {
        assertOpenRefused(policy -> policy, Map.of("docker_socket", true), "The Docker socket is not allowed");
    }

    @Test
    void anOpenNetworkIsRefusedByDefault() throws Exception {
        assertOpenRefused(policy -> policy, Map.of("network", "open"), "An open network is not allowed");
    }

    @Test
    void anOpenNetworkIsAllowedWhenTheOperatorSaysSo() throws Exception {
        start(policy -> policy.allowOpenNetwork(true));

        mcp.ok("sandbox_open", Map.of("workspace", workspace("a"), "network", "open"));
    }

    @Test
    void anUnknownNetworkIsRefused() throws Exception {
        assertOpenRefused(policy -> policy, Map.of("network", "wide"), "The network must be 'agent', 'none' or 'open'");
    }

    @Test
    void aTemplateNotAllowedIsRefused() throws Exception {
        assertOpenRefused(policy -> policy, Map.of("template", "debian:trixie"), "The template 'debian:trixie' is not allowed");
    }

    @Test
    void aTemplateTheOperatorNamedIsAllowed() throws Exception {
        start(policy -> policy.templates("debian:trixie"));

        assertEquals("debian:trixie",
                mcp.ok("sandbox_open", Map.of("workspace", workspace("a"), "template", "debian:trixie")).get("template"));
    }

    @Test
    void anAgentNotAllowedIsRefused() throws Exception {
        assertOpenRefused(policy -> policy.agents("shell"), Map.of("agent", "claude"), "The agent 'claude' is not allowed");
    }

    @Test
    void aBadEnvironmentNameIsRefused() throws Exception {
        assertOpenRefused(policy -> policy, Map.of("env", Map.of("A=B", "x")), "pass the name and the value separately");
    }

    @Test
    void theCapOfOpenSandboxesRefusesOneMore() throws Exception {
        start(policy -> policy.maxOpenSandboxes(1));
        mcp.open(Path.of(workspace("a")));

        String message = mcp.refused("sandbox_open", Map.of("workspace", workspace("b")));

        assertTrue(message.contains("already has 1 sandboxes running, its cap"), message);
        assertEquals(1, mcp.manager.list().size());
    }

    @Test
    void theCapStillLetsAnOpenSandboxBeOpenedAgain() throws Exception {
        start(policy -> policy.maxOpenSandboxes(1));
        String id = mcp.open(Path.of(workspace("a")));

        assertEquals(id, mcp.open(Path.of(workspace("a"))));
    }

    @Test
    void aStoppedSandboxFreesItsPlaceUnderTheCap() throws Exception {
        start(policy -> policy.maxOpenSandboxes(1));
        String id = mcp.open(Path.of(workspace("a")));
        mcp.ok("sandbox_stop", Map.of("sandbox", id));

        mcp.open(Path.of(workspace("b")));
    }

    @Test
    void aSandboxMadeElsewhereWithTheDockerSocketIsRefused() throws Exception {
        start(policy -> policy);
        Sandbox withSocket = Sandboxes.forWorkspace(Path.of(workspace("a"))).runtime(mcp.runtime).mountDockerSocket().open();

        String message = mcp.refused("sandbox_exec", Map.of("sandbox", withSocket.id(), "command", List.of("ls")));

        assertTrue(message.contains("has the host's Docker socket"), message);
    }

    private void assertOpenRefused(UnaryOperator<McpPolicy.Builder> policy, Map<String, Object> extra, String expected)
            throws Exception {
        start(policy);
        Map<String, Object> arguments = new HashMap<>(extra);
        arguments.put("workspace", workspace("a"));

        String message = mcp.refused("sandbox_open", arguments);

        assertTrue(message.contains(expected), message);
        assertTrue(mcp.manager.list().isEmpty(), "nothing was made");
    }

    private void start(UnaryOperator<McpPolicy.Builder> policy) {
        mcp = McpHarness.start(policy.apply(McpPolicy.builder(root)).build());
    }

    private String workspace(String name) throws Exception {
        return Files.createDirectories(root.resolve(name)).toString();
    }
}
