package dev.sandboxes.agents;

import dev.sandboxes.errors.InvalidSandboxConfigException;
import dev.sandboxes.exec.EnvNames;
import dev.sandboxes.network.CredentialRule;
import dev.sandboxes.network.Secret;
import dev.sandboxes.templates.Template;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What the library knows of one agent: its template, how it starts interactively (in its "skip
 * permissions" mode: the sandbox is the boundary), how it runs headless with a prompt, which host
 * variables carry its API key, and where in the home folder it keeps its login and settings.
 *
 * <p>The built-in ones are {@link dev.sandboxes.agents.Agents#named(String) named} {@code claude}, {@code gemini},
 * {@code codex} and {@code shell}. Add your own with {@link #builder(String)}, given to
 * {@link dev.sandboxes.SandboxBuilder#agent(AgentDefinition)} or published by a
 * {@link dev.sandboxes.agents.AgentProvider}.
 *
 * <pre>{@code
 * AgentDefinition aider = AgentDefinition.builder("aider")
 *         .template(Template.image("paulgauthier/aider:v0.86.1"))
 *         .interactive("aider", "--yes-always")
 *         .headless("aider", "--yes-always", "--message", AgentDefinition.PROMPT)
 *         .apiKeyVariables("OPENAI_API_KEY")
 *         .credentialPaths(CredentialPath.file(".aider.conf.yml"))
 *         .build();
 * }</pre>
 *
 * @param name               the agent's name, lower case: what {@code agent("...")} and labels use
 * @param template           what its sandboxes are created from, unless the caller names another
 * @param interactiveCommand the command that starts it on a terminal
 * @param headlessCommand    the command that runs it with a prompt: {@link #PROMPT} stands for the prompt (a
 *                           whole argument, or part of one such as {@code --prompt={prompt}}), and
 *                           {@link #ARGS}, where given, for the caller's extra arguments (else they go last)
 * @param jsonLines          whether its headless output is JSON, one object per line
 * @param apiKeyVariables    the environment variables that carry its API key; each one the host sets is passed
 * @param credentialPaths    where in the home folder it keeps its login and settings
 * @param apiKeyHeader       how its provider's API takes the key, for {@link CredentialMode#PROXY}: the egress
 *                           proxy then puts the key into that header, and the sandbox holds {@link #placeholderKey()}
 */
public record AgentDefinition(String name, Template template, List<String> interactiveCommand,
                              List<String> headlessCommand, boolean jsonLines, List<String> apiKeyVariables,
                              List<CredentialPath> credentialPaths, Optional<ApiKeyHeader> apiKeyHeader) {

    /** Stands for the prompt in {@link #headlessCommand()}. */
    public static final String PROMPT = "{prompt}";
    /**
     * Stands for the caller's extra arguments in {@link #headlessCommand()}: before a {@code --} that
     * ends the options, so that a prompt starting with {@code -} is never read as one.
     */
    public static final String ARGS = "{args}";

    /** The rule of template names: an agent's built template is named after it. */
    private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[a-z0-9][a-z0-9_.-]{0,62}");

    public AgentDefinition {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new InvalidSandboxConfigException("The agent name '" + name + "' is not usable: use lower case"
                    + " letters, digits, '.', '_' and '-', starting with a letter or digit.");
        }
        Objects.requireNonNull(template, "template");
        interactiveCommand = List.copyOf(interactiveCommand);
        headlessCommand = List.copyOf(headlessCommand);
        apiKeyVariables = List.copyOf(apiKeyVariables);
        credentialPaths = List.copyOf(credentialPaths);
        if (interactiveCommand.isEmpty()) {
            throw new InvalidSandboxConfigException("The agent '" + name + "' has no interactive command: give the"
                    + " command that starts it on a terminal, such as interactive(\"" + name + "\").");
        }
        if (headlessCommand.stream().filter(arg -> arg.contains(PROMPT)).count() != 1
                || headlessCommand.stream().anyMatch(arg -> arg.indexOf(PROMPT) != arg.lastIndexOf(PROMPT))
                || headlessCommand.stream().filter(ARGS::equals).count() > 1) {
            throw new InvalidSandboxConfigException("The headless command of agent '" + name + "' must hold "
                    + PROMPT + " exactly once, where the prompt goes (and " + ARGS + " at most once, as one argument,"
                    + " where extra arguments go); it is " + headlessCommand + ".");
        }
        apiKeyVariables.forEach(variable -> EnvNames.check(variable, ""));
        Objects.requireNonNull(apiKeyHeader, "apiKeyHeader");
        if (apiKeyHeader.isPresent() && apiKeyVariables.isEmpty()) {
            throw new InvalidSandboxConfigException("The agent '" + name + "' has an API-key header but no API-key"
                    + " variables: give apiKeyVariables(...) too.");
        }
    }

    /** A definition whose API key, if any, is only ever given to its runs as a variable. */
    public AgentDefinition(String name, Template template, List<String> interactiveCommand, List<String> headlessCommand,
                           boolean jsonLines, List<String> apiKeyVariables, List<CredentialPath> credentialPaths) {
        this(name, template, interactiveCommand, headlessCommand, jsonLines, apiKeyVariables, credentialPaths,
                Optional.empty());
    }

    /**
     * What the sandbox's API-key variables hold in {@link CredentialMode#PROXY}: a value the agent CLI
     * accepts, which the egress proxy replaces with the real key on the way to the provider.
     */
    public String placeholderKey() {
        return "sandboxes-placeholder-key-set-by-the-egress-proxy-" + name;
    }

    /**
     * How an agent's provider takes its API key over HTTPS: the header of every request to one host.
     * In {@link CredentialMode#PROXY} the key becomes a {@link CredentialRule} of this shape.
     *
     * <pre>{@code
     * new AgentDefinition.ApiKeyHeader("api.openai.com", "Authorization", "Bearer {secret}",
     *         Set.of("GET", "POST"), List.of("/v1/"));
     * }</pre>
     *
     * @param host         the provider's API host
     * @param header       the header that carries the key
     * @param format       its value, {@link CredentialRule#SECRET} standing for the key
     * @param methods      the only methods the agent needs (empty for any)
     * @param pathPrefixes the only paths the agent needs (empty for any)
     */
    public record ApiKeyHeader(String host, String header, String format, Set<String> methods, List<String> pathPrefixes) {
        public ApiKeyHeader {
            // Checked as a rule would be, with a stand-in secret.
            CredentialRule checked = new CredentialRule(host, header, format, Secret.of("check"), methods, pathPrefixes);
            host = checked.host();
            methods = checked.methods();
            pathPrefixes = checked.pathPrefixes();
        }

        /** The rule that puts this key into the provider's requests. */
        public CredentialRule ruleFor(Secret key) {
            return new CredentialRule(host, header, format, key, methods, pathPrefixes);
        }
    }

    /** A definition of your own, to be completed with the builder's verbs. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** The command that runs it headless with this prompt, and extra arguments where {@link #ARGS} says (else last). */
    public List<String> headless(String prompt, List<String> extraArgs) {
        Objects.requireNonNull(prompt, "prompt");
        List<String> argv = new ArrayList<>();
        for (String arg : headlessCommand) {
            if (arg.equals(ARGS)) {
                argv.addAll(extraArgs);
            } else {
                argv.add(arg.replace(PROMPT, prompt));
            }
        }
        if (!headlessCommand.contains(ARGS)) {
            argv.addAll(extraArgs);
        }
        return argv;
    }

    /**
     * Builds an {@link AgentDefinition}. Only the template and the commands must be given.
     *
     * <pre>{@code
     * AgentDefinition.builder("echo").template(Template.image("debian:trixie"))
     *         .interactive("bash").headless("echo", AgentDefinition.PROMPT).build();
     * }</pre>
     */
    public static final class Builder {
        private final String name;
        private Template template;
        private List<String> interactive = List.of();
        private List<String> headless = List.of();
        private boolean jsonLines;
        private List<String> apiKeyVariables = List.of();
        private List<CredentialPath> credentialPaths = List.of();
        private ApiKeyHeader apiKeyHeader;

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        public Builder template(Template template) {
            this.template = Objects.requireNonNull(template, "template");
            return this;
        }

        public Builder interactive(String... argv) {
            this.interactive = List.of(argv);
            return this;
        }

        /** The headless command; one argument must be {@link AgentDefinition#PROMPT}. */
        public Builder headless(String... argv) {
            this.headless = List.of(argv);
            return this;
        }

        /** Its headless output is JSON lines, to be parsed into events. */
        public Builder jsonLines(boolean jsonLines) {
            this.jsonLines = jsonLines;
            return this;
        }

        public Builder apiKeyVariables(String... names) {
            this.apiKeyVariables = List.of(names);
            return this;
        }

        public Builder credentialPaths(CredentialPath... paths) {
            this.credentialPaths = List.of(paths);
            return this;
        }

        /** How its provider takes the key, for {@link CredentialMode#PROXY}. */
        public Builder apiKeyHeader(ApiKeyHeader header) {
            this.apiKeyHeader = Objects.requireNonNull(header, "header");
            return this;
        }

        /** @throws InvalidSandboxConfigException when a part is missing or wrong, saying which */
        public AgentDefinition build() {
            if (template == null) {
                throw new InvalidSandboxConfigException("The agent '" + name + "' has no template: give one with"
                        + " template(Template.image(\"...\")) or template(Template.builtIn(\"base\")).");
            }
            return new AgentDefinition(name, template, interactive, headless, jsonLines, apiKeyVariables, credentialPaths,
                    Optional.ofNullable(apiKeyHeader));
        }
    }
}
