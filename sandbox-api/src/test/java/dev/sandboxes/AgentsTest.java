package dev.sandboxes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sandboxes.agents.AgentDefinition;
import dev.sandboxes.agents.AgentPrompt;
import dev.sandboxes.agents.Agents;
import dev.sandboxes.agents.CredentialPath;
import dev.sandboxes.errors.InvalidSandboxConfigException;
import dev.sandboxes.network.NetworkPolicy;
import dev.sandboxes.templates.Template;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AgentsTest {

    @Test
    void theBuiltInAgentsAreKnownByName() {
        assertEquals(List.of("claude", "codex", "gemini", "shell"), List.copyOf(Agents.builtIns().keySet().stream().sorted().toList()));
        assertTrue(Agents.all().keySet().containsAll(Agents.builtIns().keySet()));
    }

    @Test
    void anUnknownNameIsAClearErrorListingTheKnownOnes() {
        InvalidSandboxConfigException e = assertThrows(InvalidSandboxConfigException.class, () -> Agents.named("aider"));
        assertTrue(e.getMessage().contains("Unknown agent 'aider'"), e.getMessage());
        assertTrue(e.getMessage().contains("claude, codex, gemini, provided-echo, shell"), e.getMessage());
    }

    @Test
    void anAgentProviderOnTheClassPathAddsItsAgents() {
        AgentDefinition provided = Agents.named(TestAgentProvider.NAME);
        assertEquals(List.of("echo", AgentDefinition.PROMPT), provided.headlessCommand());
    }

    @Test
    void claudeRunsWithoutPermissionPromptsAndHeadlessWithStreamJson() {
        AgentDefinition claude = Agents.named("claude");
        assertEquals(List.of("claude", "--dangerously-skip-permissions"), claude.interactiveCommand());
        assertEquals(List.of("claude", "--dangerously-skip-permissions", "-p", "--output-format", "stream-json",
                "--verbose", "--model", "x", "--", "-fix it"), claude.headless("-fix it", List.of("--model", "x")),
                "extra arguments before the --, and a prompt starting with - after it");
        assertTrue(claude.jsonLines());
        assertEquals(List.of("ANTHROPIC_API_KEY"), claude.apiKeyVariables());
        assertEquals(List.of(CredentialPath.folder(".claude"), CredentialPath.file(".claude.json")), claude.credentialPaths());
        assertEquals("builtin:claude", claude.template().label());
    }

    @Test
    void everyBuiltInAgentHasItsOwnShippedTemplateOnTheBase() {
        for (String name : List.of("claude", "gemini", "codex")) {
            Template.Built template = (Template.Built) Agents.named(name).template();
            assertEquals(name, template.name());
            assertTrue(template.dockerfile().contains("FROM ${BASE}"), name);
            assertEquals(Optional.of("builtin:base"), template.parent().map(Template::label));
        }
        Template.Built base = (Template.Built) Agents.named("shell").template();
        assertTrue(base.usesBaseImage());
        assertTrue(base.parent().isEmpty());
    }

    @Test
    void geminiTakesThePromptAsOneArgumentAndCodexRunsOutsideGit() {
        assertEquals(List.of("gemini", "--yolo", "--skip-trust", "--output-format", "stream-json", "--prompt=-x {prompt}"),
                Agents.named("gemini").headless("-x {prompt}", List.of()));
        List<String> codex = Agents.named("codex").headless("-p", List.of("-m", "o3"));
        assertTrue(codex.get(2).contains("codex exec --dangerously-bypass-approvals-and-sandbox --skip-git-repo-check --json"));
        assertEquals(List.of("codex", "-m", "o3", "--", "-p"), codex.subList(3, codex.size()));
        assertEquals(List.of("bash", "-lc", "echo $1", "bash", "one"), Agents.named("shell").headless("echo $1", List.of("one")));
    }

    @Test
    void everyBuiltInAgentHasANetworkPresetWithItsApiAndTheRegistries() {
        assertTrue(NetworkPolicy.forAgent("claude").allowed().containsAll(List.of("api.anthropic.com", "registry.npmjs.org")));
        assertTrue(NetworkPolicy.forAgent("gemini").allowed().contains("generativelanguage.googleapis.com"));
        assertTrue(NetworkPolicy.forAgent("codex").allowed().contains("api.openai.com"));
        assertTrue(NetworkPolicy.forAgent("shell").allowed().contains("pypi.org"));
        assertThrows(InvalidSandboxConfigException.class, () -> NetworkPolicy.forAgent("aider"));
    }

    @Test
    void aPromptTooLongForOneArgumentIsAClearError() {
        InvalidSandboxConfigException e = assertThrows(InvalidSandboxConfigException.class,
                () -> AgentPrompt.of("x".repeat(AgentPrompt.MAX_BYTES + 1)));
        assertTrue(e.getMessage().contains("write the long part to a file"), e.getMessage());
    }

    @Test
    void aHeadlessCommandMustHoldThePromptPlaceholderOnce() {
        AgentDefinition.Builder builder = AgentDefinition.builder("x").template(Template.image("debian:trixie")).interactive("x");
        assertThrows(InvalidSandboxConfigException.class, () -> builder.headless("x", "--no-prompt").build());
        assertThrows(InvalidSandboxConfigException.class,
                () -> builder.headless("x", AgentDefinition.PROMPT, AgentDefinition.PROMPT).build());
        assertThrows(InvalidSandboxConfigException.class,
                () -> builder.headless("x", AgentDefinition.PROMPT + AgentDefinition.PROMPT).build());
        assertThrows(InvalidSandboxConfigException.class,
                () -> builder.headless("x", AgentDefinition.ARGS, AgentDefinition.ARGS, AgentDefinition.PROMPT).build());
        assertEquals(List.of("x", "hi", "--more"), builder.headless("x", AgentDefinition.PROMPT).build()
                .headless("hi", List.of("--more")), "without {args}, extra arguments go last");
    }

    @Test
    void anAgentWithoutTemplateOrInteractiveCommandOrWithABadNameIsRefused() {
        assertTrue(assertThrows(InvalidSandboxConfigException.class, () -> AgentDefinition.builder("x")
                .interactive("x").headless(AgentDefinition.PROMPT).build()).getMessage().contains("no template"));
        assertTrue(assertThrows(InvalidSandboxConfigException.class, () -> AgentDefinition.builder("x")
                .template(Template.image("a")).headless(AgentDefinition.PROMPT).build()).getMessage().contains("interactive"));
        assertThrows(InvalidSandboxConfigException.class, () -> AgentDefinition.builder("Bad Name")
                .template(Template.image("a")).interactive("x").headless(AgentDefinition.PROMPT).build());
    }

    @Test
    void credentialPathsAreSingleNamesInTheHome() {
        assertThrows(InvalidSandboxConfigException.class, () -> CredentialPath.folder("../etc"));
        assertThrows(InvalidSandboxConfigException.class, () -> CredentialPath.file("a/b"));
        assertThrows(InvalidSandboxConfigException.class, () -> CredentialPath.file(".."));
        assertFalse(CredentialPath.file(".claude.json").folder());
    }

    @Test
    void theBuilderTakesAnAgentOfOnesOwnAndRefusesKeysItDoesNotHave() {
        AgentDefinition own = AgentDefinition.builder("own").template(Template.image("debian:trixie")).interactive("sh")
                .headless("sh", "-c", AgentDefinition.PROMPT).apiKeyVariables("OWN_KEY").build();
        SandboxBuilder builder = Sandboxes.forWorkspace(java.nio.file.Path.of(System.getProperty("java.io.tmpdir")));
        assertEquals("own", builder.agent(own).freeze().agentDefinition().name());
        InvalidSandboxConfigException e = assertThrows(InvalidSandboxConfigException.class,
                () -> builder.apiKey("ANTHROPIC_API_KEY", "sk-secret").freeze());
        assertTrue(e.getMessage().contains("OWN_KEY"), e.getMessage());
        assertFalse(e.getMessage().contains("sk-secret"), e.getMessage());
    }
}
