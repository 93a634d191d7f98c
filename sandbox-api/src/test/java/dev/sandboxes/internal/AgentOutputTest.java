package dev.sandboxes.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sandboxes.agents.AgentEvent;
import dev.sandboxes.agents.AgentListener;
import dev.sandboxes.exec.ExecListener;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentOutputTest {

    @Test
    void jsonLinesBecomeEventsAndEveryLineIsKept() {
        List<String> seen = new ArrayList<>();
        AgentOutput output = new AgentOutput(true, new AgentListener() {
            public void onLine(String line) {
                seen.add("line " + line);
            }

            public void onEvent(AgentEvent event) {
                seen.add("event " + event.type());
            }
        }, 1 << 20);
        ExecListener exec = output.execListener();
        // Split mid-line and mid-character: chunks arrive as the engine sends them.
        byte[] bytes = "{\"type\":\"system\",\"n\":1}\nplain ü\n{\"no\":\"type\"}\n{broken\n".getBytes(StandardCharsets.UTF_8);
        exec.onStdout(java.util.Arrays.copyOfRange(bytes, 0, 10));
        exec.onStdout(java.util.Arrays.copyOfRange(bytes, 10, 32));
        exec.onStdout(java.util.Arrays.copyOfRange(bytes, 32, bytes.length));
        exec.onStderr("warn\n".getBytes(StandardCharsets.UTF_8));
        exec.onEnd();

        assertEquals(List.of("line {\"type\":\"system\",\"n\":1}", "event system", "line plain ü",
                "line {\"no\":\"type\"}", "event ", "line {broken"), seen);
        assertEquals(2, output.events().size());
        assertEquals(Map.of("type", "system", "n", 1), output.events().get(0).fields());
        assertEquals(4, output.lines().size());
        assertEquals("warn\n", output.stderr());
    }

    @Test
    void agentsWithoutJsonLinesGiveLinesOnly() {
        AgentOutput output = new AgentOutput(false, AgentListener.NONE, 1 << 20);
        output.execListener().onStdout("{\"type\":\"x\"}\n".getBytes(StandardCharsets.UTF_8));
        assertTrue(output.events().isEmpty());
        assertEquals(List.of("{\"type\":\"x\"}"), output.lines());
    }

    @Test
    void theResultKeepsOutputUpToTheLimitAndTheListenerSeesAll() {
        List<String> seen = new ArrayList<>();
        AgentOutput output = new AgentOutput(true, new AgentListener() {
            public void onLine(String line) {
                seen.add(line);
            }
        }, 10);
        output.execListener().onStdout("12345\n67890\nabc\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of("12345"), output.lines());
        assertEquals(3, seen.size());
    }
}
