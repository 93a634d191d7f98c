package dev.sandboxes.agents;

import dev.sandboxes.errors.InvalidSandboxConfigException;
import dev.sandboxes.network.CredentialRule;
import dev.sandboxes.templates.Template;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agents known by name: the built-in {@code claude}, {@code gemini}, {@code codex} and
 * {@code shell} (no agent: the same toolbox, a login shell), and those of every
 * {@link AgentProvider} on the class path.
 *
 * <p>The built-in commands were checked against each CLI's own {@code --help} in its template:
 * the interactive command skips permission prompts (the sandbox is the boundary), and the headless
 * one prints JSON lines. The prompt follows a {@code --} (Gemini CLI's is one {@code --prompt=}
 * argument), so that a prompt starting with {@code -} is never read as an option; extra arguments
 * go before it. Codex is told to run outside a git repository too ({@code --skip-git-repo-check}):
 * a workspace need not be one.
 *
 * <pre>{@code
 * AgentDefinition claude = Agents.named("claude");
 * List<String> argv = claude.headless("fix the build", List.of());
 * }</pre>
 */
public final class Agents {

    /** The agent of a sandbox created without one: a login shell in the toolbox. */
    public static final String SHELL = "shell";

    private static final Logger LOG = LoggerFactory.getLogger(Agents.class);
    private static final Map<String, AgentDefinition> BUILT_IN = builtIn();

    private Agents() {
    }

    /**
     * The agent of that name: a built-in one, else one of a provider.
     *
     * @throws InvalidSandboxConfigException when no agent has that name, listing the known ones
     */
    public static AgentDefinition named(String name) {
        Objects.requireNonNull(name, "name");
        AgentDefinition builtIn = BUILT_IN.get(name);
        if (builtIn != null) {
            return builtIn;
        }
        Map<String, AgentDefinition> all = all();
        AgentDefinition agent = all.get(name);
        if (agent == null) {
            throw new InvalidSandboxConfigException("Unknown agent '" + name + "'. Known agents: "
                    + String.join(", ", all.keySet()) + ".");
        }
        return agent;
    }

    /**
     * Every known agent by name, sorted: the built-in ones and those of providers. A provider that
     * fails, or that defines a built-in agent's name, is left out (and logged), so that one broken
     * jar cannot take the built-in agents with it.
     */
    public static Map<String, AgentDefinition> all() {
        Map<String, AgentDefinition> all = new TreeMap<>(BUILT_IN);
        ServiceLoader<AgentProvider> loader = ServiceLoader.load(AgentProvider.class, classLoader());
        java.util.Iterator<AgentProvider> providers = loader.iterator();
        while (true) {
            try {
                if (!providers.hasNext()) {
                    break;
                }
                AgentProvider provider = providers.next();
                for (AgentDefinition agent : provider.agents()) {
                    if (BUILT_IN.containsKey(agent.name())) {
                        LOG.warn("The agent provider " + provider.getClass().getName()
                                + " defines '" + agent.name() + "', the name of a built-in agent; ignored.");
                    } else {
                        all.putIfAbsent(agent.name(), agent);
                    }
                }
            } catch (java.util.ServiceConfigurationError | RuntimeException e) {
                LOG.warn("An agent provider failed and is left out", e);
            }
        }
        return all;
    }

    /** The built-in agents only, by name. */
    public static Map<String, AgentDefinition> builtIns() {
        return BUILT_IN;
    }

    private static ClassLoader classLoader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : Agents.class.getClassLoader();
    }

    private static Map<String, AgentDefinition> builtIn() {
        List<AgentDefinition> agents = new ArrayList<>();
        agents.add(AgentDefinition.builder("claude")
                .template(Template.builtIn("claude"))
                .interactive("claude", "--dangerously-skip-permissions")
                .headless("claude", "--dangerously-skip-permissions", "-p", "--output-format", "stream-json", "--verbose",
                        AgentDefinition.ARGS, "--", AgentDefinition.PROMPT)
                .jsonLines(true)
                .apiKeyVariables("ANTHROPIC_API_KEY")
                .apiKeyHeader(new AgentDefinition.ApiKeyHeader("api.anthropic.com", "x-api-key", CredentialRule.SECRET,
                        Set.of("GET", "POST"), List.of("/v1/", "/api/")))
                .credentialPaths(CredentialPath.folder(".claude"), CredentialPath.file(".claude.json"))
                .build());
        agents.add(AgentDefinition.builder("gemini")
                .template(Template.builtIn("gemini"))
                // Without --skip-trust, Gemini CLI turns YOLO off in a folder it was not told to trust.
                .interactive("gemini", "--yolo", "--skip-trust")
                .headless("gemini", "--yolo", "--skip-trust", "--output-format", "stream-json", AgentDefinition.ARGS,
                        "--prompt=" + AgentDefinition.PROMPT)
                .jsonLines(true)
                .apiKeyVariables("GEMINI_API_KEY", "GOOGLE_API_KEY")
                .apiKeyHeader(new AgentDefinition.ApiKeyHeader("generativelanguage.googleapis.com", "x-goog-api-key",
                        CredentialRule.SECRET, Set.of("GET", "POST"), List.of("/v1beta/", "/v1/", "/upload/")))
                .credentialPaths(CredentialPath.folder(".gemini"))
                .build());
        agents.add(AgentDefinition.builder("codex")
                .template(Template.builtIn("codex"))
                .interactive("codex", "--dangerously-bypass-approvals-and-sandbox")
                // codex exec reads CODEX_API_KEY only; hosts usually have OPENAI_API_KEY, so it stands in.
                .headless("sh", "-c", "if [ -z \"$CODEX_API_KEY\" ] && [ -n \"$OPENAI_API_KEY\" ]; then"
                                + " export CODEX_API_KEY=\"$OPENAI_API_KEY\"; fi; exec codex exec"
                                + " --dangerously-bypass-approvals-and-sandbox --skip-git-repo-check --json \"$@\"",
                        "codex", AgentDefinition.ARGS, "--", AgentDefinition.PROMPT)
                .jsonLines(true)
                .apiKeyVariables("OPENAI_API_KEY", "CODEX_API_KEY")
                .apiKeyHeader(new AgentDefinition.ApiKeyHeader("api.openai.com", "Authorization",
                        "Bearer " + CredentialRule.SECRET, Set.of("GET", "POST"), List.of("/v1/")))
                .credentialPaths(CredentialPath.folder(".codex"))
                .build());
        agents.add(AgentDefinition.builder(SHELL)
                .template(Template.builtIn(Template.Built.BASE))
                .interactive("bash", "-l")
                .headless("bash", "-lc", AgentDefinition.PROMPT, "bash", AgentDefinition.ARGS)
                .build());
        Map<String, AgentDefinition> byName = new LinkedHashMap<>();
        agents.forEach(agent -> byName.put(agent.name(), agent));
        return Map.copyOf(byName);
    }
}
