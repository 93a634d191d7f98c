package dev.sandboxes;

import dev.sandboxes.agents.AgentDefinition;
import dev.sandboxes.agents.AgentProvider;
import dev.sandboxes.templates.Template;
import java.util.List;

/** Publishes one agent through the ServiceLoader, as a user's own provider would. */
public class TestAgentProvider implements AgentProvider {

    static final String NAME = "provided-echo";

    @Override
    public List<AgentDefinition> agents() {
        return List.of(AgentDefinition.builder(NAME).template(Template.image("debian:trixie")).interactive("sh")
                .headless("echo", AgentDefinition.PROMPT).build());
    }
}
