package dev.sandboxes.internal;

import dev.sandboxes.agents.AgentDefinition;
import dev.sandboxes.agents.CredentialMode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The API keys a handle gives to its agent's runs: those given to the builder, else the host's
 * variables of the agent's key names, unless the sandbox's credential mode is {@code NONE}. Held in
 * this process only; never written to the sandbox, and never printed.
 */
public final class AgentKeys {

    private final Map<String, String> given;
    private final Function<String, String> host;

    public AgentKeys(Map<String, String> given) {
        this(given, System::getenv);
    }

    AgentKeys(Map<String, String> given, Function<String, String> host) {
        this.given = Map.copyOf(given);
        this.host = Objects.requireNonNull(host, "host");
    }

    /** No keys given: the host's, where the mode allows. */
    public static AgentKeys fromHost() {
        return new AgentKeys(Map.of());
    }

    /** The agent's keys as secrets, for the egress proxy of a sandbox in {@code PROXY} mode. */
    public Map<String, dev.sandboxes.network.Secret> secrets(AgentDefinition agent) {
        Map<String, dev.sandboxes.network.Secret> secrets = new LinkedHashMap<>();
        forRun(agent, CredentialMode.ENV).forEach((variable, value) -> {
            try {
                secrets.put(variable, dev.sandboxes.network.Secret.of(value));
            } catch (dev.sandboxes.errors.InvalidSandboxConfigException e) {
                throw new dev.sandboxes.errors.InvalidSandboxConfigException("The API key in " + variable + " cannot go into a"
                        + " header: " + e.getMessage() + " Give a valid key, or credentials(CredentialMode.SANDBOX).");
            }
        });
        return secrets;
    }

    /** Whether keys were given to the builder (rather than left to the host). */
    public boolean anyGiven() {
        return !given.isEmpty();
    }

    /**
     * The variables to set for one run of this agent in a sandbox of this credential mode. In
     * {@code PROXY} they hold the agent's placeholder, which the egress proxy replaces on the way
     * out: the real key is never given to the run.
     */
    public Map<String, String> forRun(AgentDefinition agent, CredentialMode mode) {
        Map<String, String> keys = new LinkedHashMap<>();
        if (mode == CredentialMode.NONE) {
            return keys;
        }
        for (String variable : agent.apiKeyVariables()) {
            String value = given.containsKey(variable) ? given.get(variable) : host.apply(variable);
            if (value != null && !value.isEmpty()) {
                keys.put(variable, mode == CredentialMode.PROXY ? agent.placeholderKey() : value);
            }
        }
        return keys;
    }

    @Override
    public String toString() {
        return "AgentKeys" + given.keySet();
    }
}
