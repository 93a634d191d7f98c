package dev.sandboxes.spi;

import dev.sandboxes.agents.AgentDefinition;
import dev.sandboxes.agents.CredentialMode;
import dev.sandboxes.network.CredentialRule;
import dev.sandboxes.network.Secret;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What an open asks the sandbox's egress proxy to put into requests: the caller's credential rules,
 * the agent's API keys (which become rules only in a sandbox of {@link CredentialMode#PROXY}), and
 * the extra certificate authorities the proxy trusts for the real hosts. Secrets stay in this
 * process and the proxy: a runtime never writes them to labels, files, logs or messages.
 *
 * <pre>{@code
 * List<CredentialRule> rules = spec.injection().rulesFor(agent, LabelCodec.credentials(found.labels()));
 * }</pre>
 *
 * @param rules                the caller's rules
 * @param agentKeys            the agent's API keys by variable, the caller's or the host's
 * @param upstreamCertificates extra CA certificates (PEM) for the real hosts' certificates; empty for none
 */
public record CredentialInjection(List<CredentialRule> rules, Map<String, Secret> agentKeys, String upstreamCertificates) {

    /** Nothing to inject. */
    public static final CredentialInjection NONE = new CredentialInjection(List.of(), Map.of(), "");

    public CredentialInjection {
        rules = List.copyOf(rules);
        agentKeys = Map.copyOf(agentKeys);
        Objects.requireNonNull(upstreamCertificates, "upstreamCertificates");
    }

    /**
     * The rules for a sandbox of this agent and credential mode: the caller's, then, in
     * {@link CredentialMode#PROXY}, one for the agent's key (its first variable that has a value), unless
     * a rule of the caller's sets the same header on the same host.
     */
    public List<CredentialRule> rulesFor(AgentDefinition agent, CredentialMode mode) {
        List<CredentialRule> all = new ArrayList<>(rules);
        if (mode == CredentialMode.PROXY && agent.apiKeyHeader().isPresent()) {
            AgentDefinition.ApiKeyHeader header = agent.apiKeyHeader().get();
            boolean callerSetsIt = rules.stream().anyMatch(rule -> rule.host().equals(header.host())
                    && rule.header().equalsIgnoreCase(header.header()));
            // The caller's own rule for the same header wins: two would send the header twice.
            agent.apiKeyVariables().stream().filter(agentKeys::containsKey).findFirst().filter(variable -> !callerSetsIt)
                    .ifPresent(variable -> all.add(header.ruleFor(agentKeys.get(variable))));
        }
        return all;
    }

    /** Whether a sandbox made with these must trust its proxy's certificate authority. */
    public boolean needsTrust(CredentialMode mode) {
        return !rules.isEmpty() || mode == CredentialMode.PROXY;
    }

    @Override
    public String toString() {
        return "CredentialInjection[rules=" + rules + ", agentKeys=" + agentKeys.keySet() + "]";
    }
}
