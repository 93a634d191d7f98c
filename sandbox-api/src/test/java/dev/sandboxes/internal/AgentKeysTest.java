package dev.sandboxes.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.sandboxes.agents.Agents;
import dev.sandboxes.agents.CredentialMode;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentKeysTest {

    private static final Map<String, String> HOST = Map.of("GEMINI_API_KEY", "host-gemini", "GOOGLE_API_KEY", "host-google",
            "ANTHROPIC_API_KEY", "host-anthropic");

    @Test
    void theHostsKeysOfTheAgentAreGivenUnlessTheModeIsNone() {
        AgentKeys keys = new AgentKeys(Map.of(), HOST::get);
        assertEquals(Map.of("GEMINI_API_KEY", "host-gemini", "GOOGLE_API_KEY", "host-google"),
                keys.forRun(Agents.named("gemini"), CredentialMode.SANDBOX));
        assertEquals(Map.of("ANTHROPIC_API_KEY", "host-anthropic"), keys.forRun(Agents.named("claude"), CredentialMode.ENV));
        assertEquals(Map.of(), keys.forRun(Agents.named("claude"), CredentialMode.NONE));
        assertEquals(Map.of(), keys.forRun(Agents.named("shell"), CredentialMode.SANDBOX));
    }

    @Test
    void aKeyGivenToTheBuilderWinsOverTheHostsAndIsNeverPrinted() {
        AgentKeys keys = new AgentKeys(Map.of("ANTHROPIC_API_KEY", "sk-given"), HOST::get);
        assertEquals(Map.of("ANTHROPIC_API_KEY", "sk-given"), keys.forRun(Agents.named("claude"), CredentialMode.SANDBOX));
        assertFalse(keys.toString().contains("sk-given"), keys.toString());
    }
}
