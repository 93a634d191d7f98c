package dev.sandboxes.agents;

import java.util.List;

/**
 * Publishes agents of your own, so that {@code agent("name")} finds them like the built-in ones.
 * Declared in {@code META-INF/services/dev.sandboxes.agents.AgentProvider}; the constructor must do no
 * I/O. A provider may not redefine a built-in agent's name.
 *
 * <pre>{@code
 * public final class AiderProvider implements AgentProvider {
 *     public List<AgentDefinition> agents() {
 *         return List.of(AgentDefinition.builder("aider")...build());
 *     }
 * }
 * }</pre>
 */
public interface AgentProvider {

    /** The agents this provider defines. */
    List<AgentDefinition> agents();
}
