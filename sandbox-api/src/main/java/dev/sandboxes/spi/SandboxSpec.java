package dev.sandboxes.spi;

import dev.sandboxes.agents.AgentDefinition;
import dev.sandboxes.agents.CredentialMode;
import dev.sandboxes.core.Limits;
import dev.sandboxes.core.Mount;
import dev.sandboxes.git.Worktree;
import dev.sandboxes.network.NetworkPolicy;
import dev.sandboxes.network.PublishedPort;
import dev.sandboxes.templates.Template;
import dev.sandboxes.templates.TemplateSettings;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The frozen, validated settings of one {@code open()}: what a runtime carries out. Settings the
 * caller left unset are empty, meaning "whatever the existing sandbox has, or the default when
 * creating"; that is how a reopen without settings accepts what exists. Made by a {@link Builder},
 * so that a setting added later changes no caller.
 *
 * <pre>{@code
 * SandboxSpec spec = SandboxSpec.builder(workspace, workspace.toString(), name, Agents.named("shell"), policy)
 *         .template(Optional.of(Template.image("debian:trixie")))
 *         .build();
 * Template template = spec.templateForCreation();   // the caller's, else the agent's
 * }</pre>
 */
public final class SandboxSpec {

    private final Path workspace;
    private final String sandboxWorkspace;
    private final Optional<String> workspaceInode;
    private final String name;
    private final Optional<String> agent;
    private final Optional<Template> template;
    private final Optional<Map<String, String>> env;
    private final Map<String, String> labels;
    private final Optional<List<Mount>> mounts;
    private final Optional<Boolean> dockerSocket;
    private final Optional<List<PublishedPort>> ports;
    private final Optional<HostOwner> workspaceOwner;
    private final GitIdentitySource gitIdentity;
    private final boolean recreate;
    private final AgentDefinition agentDefinition;
    private final Optional<CredentialMode> credentials;
    private final TemplateSettings templateSettings;
    private final Optional<Limits> limits;
    private final Optional<Boolean> sudo;
    private final Optional<String> ociRuntime;
    private final Optional<NetworkPolicy> network;
    private final Optional<Worktree> worktree;
    private final CredentialInjection injection;
    private final Policy policy;

    private SandboxSpec(Builder builder) {
        this.workspace = Objects.requireNonNull(builder.workspace, "workspace");
        this.sandboxWorkspace = Objects.requireNonNull(builder.sandboxWorkspace, "sandboxWorkspace");
        this.workspaceInode = Objects.requireNonNull(builder.workspaceInode, "workspaceInode");
        this.name = Objects.requireNonNull(builder.name, "name");
        this.agent = Objects.requireNonNull(builder.agent, "agent");
        this.template = Objects.requireNonNull(builder.template, "template");
        this.env = builder.env.map(values -> Collections.unmodifiableMap(new TreeMap<>(values)));
        this.labels = Collections.unmodifiableMap(new TreeMap<>(builder.labels));
        this.mounts = builder.mounts.map(List::copyOf);
        this.dockerSocket = Objects.requireNonNull(builder.dockerSocket, "dockerSocket");
        this.ports = builder.ports.map(List::copyOf);
        this.workspaceOwner = Objects.requireNonNull(builder.workspaceOwner, "workspaceOwner");
        this.gitIdentity = Objects.requireNonNull(builder.gitIdentity, "gitIdentity");
        this.recreate = builder.recreate;
        this.agentDefinition = Objects.requireNonNull(builder.agentDefinition, "agentDefinition");
        this.credentials = Objects.requireNonNull(builder.credentials, "credentials");
        this.templateSettings = Objects.requireNonNull(builder.templateSettings, "templateSettings");
        this.limits = Objects.requireNonNull(builder.limits, "limits");
        this.sudo = Objects.requireNonNull(builder.sudo, "sudo");
        this.ociRuntime = Objects.requireNonNull(builder.ociRuntime, "ociRuntime");
        this.network = Objects.requireNonNull(builder.network, "network");
        this.worktree = Objects.requireNonNull(builder.worktree, "worktree");
        this.injection = Objects.requireNonNull(builder.injection, "injection");
        this.policy = Objects.requireNonNull(builder.policy, "policy");
        if (agent.isPresent() && !agent.get().equals(agentDefinition.name())) {
            throw new IllegalArgumentException("The agent definition " + agentDefinition.name()
                    + " is not the agent asked for, " + agent.get());
        }
    }

    /** A builder with what every spec has; every other setting is unset (empty) until given. */
    public static Builder builder(Path workspace, String sandboxWorkspace, String name, AgentDefinition agentDefinition,
                                  Policy policy) {
        return new Builder(workspace, sandboxWorkspace, name, agentDefinition, policy);
    }

    /** A builder holding this spec's settings, to make a changed copy. */
    public Builder toBuilder() {
        Builder builder = new Builder(workspace, sandboxWorkspace, name, agentDefinition, policy);
        builder.workspaceInode = workspaceInode;
        builder.agent = agent;
        builder.template = template;
        builder.env = env;
        builder.labels = labels;
        builder.mounts = mounts;
        builder.dockerSocket = dockerSocket;
        builder.ports = ports;
        builder.workspaceOwner = workspaceOwner;
        builder.gitIdentity = gitIdentity;
        builder.recreate = recreate;
        builder.credentials = credentials;
        builder.templateSettings = templateSettings;
        builder.limits = limits;
        builder.sudo = sudo;
        builder.ociRuntime = ociRuntime;
        builder.network = network;
        builder.worktree = worktree;
        builder.injection = injection;
        return builder;
    }

    /** The workspace's real path (symlinks resolved). */
    public Path workspace() {
        return workspace;
    }

    /** Where the workspace appears inside: the same path, or its Linux form on Windows. */
    public String sandboxWorkspace() {
        return sandboxWorkspace;
    }

    /** The workspace folder's inode, where the platform has one. */
    public Optional<String> workspaceInode() {
        return workspaceInode;
    }

    /** The sandbox name: the caller's, or one derived from the workspace path. */
    public String name() {
        return name;
    }

    /** The agent asked for. */
    public Optional<String> agent() {
        return agent;
    }

    /** The template asked for (with any extra packages). */
    public Optional<Template> template() {
        return template;
    }

    /** The environment asked for, sorted by name. */
    public Optional<Map<String, String>> env() {
        return env;
    }

    /** The caller's own labels, sorted by key: set at creation, never compared on reuse. */
    public Map<String, String> labels() {
        return labels;
    }

    /** The extra mounts asked for, host paths real. */
    public Optional<List<Mount>> mounts() {
        return mounts;
    }

    /** Whether the engine's socket was asked for. */
    public Optional<Boolean> dockerSocket() {
        return dockerSocket;
    }

    /** The ports asked to be published. */
    public Optional<List<PublishedPort>> ports() {
        return ports;
    }

    /** Who owns the workspace folder, where the platform says. */
    public Optional<HostOwner> workspaceOwner() {
        return workspaceOwner;
    }

    /** Where the git identity of a new sandbox comes from. */
    public GitIdentitySource gitIdentity() {
        return gitIdentity;
    }

    /** Whether an existing sandbox with other settings (or an older build of its template) is to be replaced. */
    public boolean recreate() {
        return recreate;
    }

    /** The agent's definition: the one asked for, else the {@code shell} agent. */
    public AgentDefinition agentDefinition() {
        return agentDefinition;
    }

    /** The credential mode asked for. */
    public Optional<CredentialMode> credentials() {
        return credentials;
    }

    /** How templates are built on this machine. */
    public TemplateSettings templateSettings() {
        return templateSettings;
    }

    /** The resource limits asked for (the rest take the runtime's defaults). */
    public Optional<Limits> limits() {
        return limits;
    }

    /** Whether the agent may gain privileges (sudo); false adds no-new-privileges. */
    public Optional<Boolean> sudo() {
        return sudo;
    }

    /** The engine's OCI runtime to use, such as {@code runsc}; empty for the engine's default. */
    public Optional<String> ociRuntime() {
        return ociRuntime;
    }

    /** The network policy asked for. */
    public Optional<NetworkPolicy> network() {
        return network;
    }

    /** The git worktree the workspace is, when the sandbox works on a branch. */
    public Optional<Worktree> worktree() {
        return worktree;
    }

    /** The credentials the egress proxy puts into requests (rules, the agent's keys). */
    public CredentialInjection injection() {
        return injection;
    }

    /** The API's policy for the labels of a new sandbox and for reuse: runtimes call {@link #creationLabels()} and {@link #differences(String, Map)}. */
    public Policy policy() {
        return policy;
    }

    @Override
    public String toString() {
        return "SandboxSpec[workspace=" + workspace + ", name=" + name + ", agent=" + agentDefinition.name()
                + ", template=" + templateForCreation().label() + ", recreate=" + recreate + "]";
    }

    /** Every label a new sandbox for this spec carries, as the API's {@link #policy()} decides. */
    public Map<String, String> creationLabels() {
        return policy.forCreation(this);
    }

    /**
     * The settings this spec asks for that an existing sandbox does not have, one readable line
     * each, as the API's {@link #policy()} judges; empty when it can be reused.
     *
     * @param existingName   the existing sandbox's name
     * @param existingLabels its labels
     */
    public List<String> differences(String existingName, Map<String, String> existingLabels) {
        return policy.differences(this, existingName, existingLabels);
    }

    /** The agent asked for, else the one the API chose ({@link #agentDefinition()}). */
    public String agentOrDefault() {
        return agent.orElse(agentDefinition.name());
    }

    public Map<String, String> envOrEmpty() {
        return env.orElse(Map.of());
    }

    public List<Mount> mountsOrEmpty() {
        return mounts.orElse(List.of());
    }

    public List<PublishedPort> portsOrEmpty() {
        return ports.orElse(List.of());
    }

    public boolean dockerSocketOrDefault() {
        return dockerSocket.orElse(false);
    }

    /** The template a new sandbox is created from: the one asked for, else the agent's own. */
    public Template templateForCreation() {
        return template.orElse(agentDefinition.template());
    }

    /** The network policy asked for, else the API's default. */
    public NetworkPolicy networkOrDefault() {
        return network.orElseGet(policy::defaultNetwork);
    }

    /** Whether the agent may use sudo, as asked, else the API's default. */
    public boolean sudoOrDefault() {
        return sudo.orElseGet(policy::defaultSudo);
    }

    /** The limits asked for, else the API's defaults. */
    public Limits limitsOrDefaults() {
        return limits.orElseGet(policy::defaultLimits);
    }

    /** The credential mode asked for, else the API's default for this agent and network policy. */
    public CredentialMode credentialsOrDefault() {
        return credentials.orElseGet(() -> policy.defaultCredentials(agentDefinition, networkOrDefault()));
    }

    /**
     * The same spec asking for this credential mode: for a runtime that cannot carry out the default
     * one (see {@link #credentialsOrDefault()}) and falls back on another.
     */
    public SandboxSpec withCredentials(CredentialMode mode) {
        return toBuilder().credentials(Optional.of(mode)).build();
    }

    /** The credential rules for a sandbox of this credential mode (see {@link CredentialInjection#rulesFor}). */
    public List<dev.sandboxes.network.CredentialRule> credentialRulesFor(CredentialMode mode) {
        return injection.rulesFor(agentDefinition, mode);
    }

    /**
     * Builds a {@link SandboxSpec}; the settings given as {@link Optional} stay unset when empty.
     *
     * <pre>{@code
     * SandboxSpec spec = SandboxSpec.builder(workspace, workspace.toString(), name, agent, policy)
     *         .env(Optional.of(Map.of("APP_ENV", "dev"))).recreate(true).build();
     * }</pre>
     */
    public static final class Builder {
        private Path workspace;
        private String sandboxWorkspace;
        private Optional<String> workspaceInode = Optional.empty();
        private String name;
        private Optional<String> agent = Optional.empty();
        private Optional<Template> template = Optional.empty();
        private Optional<Map<String, String>> env = Optional.empty();
        private Map<String, String> labels = Map.of();
        private Optional<List<Mount>> mounts = Optional.empty();
        private Optional<Boolean> dockerSocket = Optional.empty();
        private Optional<List<PublishedPort>> ports = Optional.empty();
        private Optional<HostOwner> workspaceOwner = Optional.empty();
        private GitIdentitySource gitIdentity = GitIdentitySource.NONE;
        private boolean recreate = false;
        private AgentDefinition agentDefinition;
        private Optional<CredentialMode> credentials = Optional.empty();
        private TemplateSettings templateSettings = TemplateSettings.fromEnvironment();
        private Optional<Limits> limits = Optional.empty();
        private Optional<Boolean> sudo = Optional.empty();
        private Optional<String> ociRuntime = Optional.empty();
        private Optional<NetworkPolicy> network = Optional.empty();
        private Optional<Worktree> worktree = Optional.empty();
        private CredentialInjection injection = CredentialInjection.NONE;
        private Policy policy;

        private Builder(Path workspace, String sandboxWorkspace, String name, AgentDefinition agentDefinition,
                        Policy policy) {
            this.workspace = workspace;
            this.sandboxWorkspace = sandboxWorkspace;
            this.name = name;
            this.agentDefinition = agentDefinition;
            this.policy = policy;
        }

        /** Sets the workspace folder's inode, where the platform has one. */
        public Builder workspaceInode(Optional<String> workspaceInode) {
            this.workspaceInode = workspaceInode;
            return this;
        }

        /** Sets the agent asked for. */
        public Builder agent(Optional<String> agent) {
            this.agent = agent;
            return this;
        }

        /** Sets the template asked for (with any extra packages). */
        public Builder template(Optional<Template> template) {
            this.template = template;
            return this;
        }

        /** Sets the environment asked for, sorted by name. */
        public Builder env(Optional<Map<String, String>> env) {
            this.env = env;
            return this;
        }

        /** Sets the caller's own labels, sorted by key: set at creation, never compared on reuse. */
        public Builder labels(Map<String, String> labels) {
            this.labels = labels;
            return this;
        }

        /** Sets the extra mounts asked for, host paths real. */
        public Builder mounts(Optional<List<Mount>> mounts) {
            this.mounts = mounts;
            return this;
        }

        /** Sets whether the engine's socket was asked for. */
        public Builder dockerSocket(Optional<Boolean> dockerSocket) {
            this.dockerSocket = dockerSocket;
            return this;
        }

        /** Sets the ports asked to be published. */
        public Builder ports(Optional<List<PublishedPort>> ports) {
            this.ports = ports;
            return this;
        }

        /** Sets who owns the workspace folder, where the platform says. */
        public Builder workspaceOwner(Optional<HostOwner> workspaceOwner) {
            this.workspaceOwner = workspaceOwner;
            return this;
        }

        /** Sets where the git identity of a new sandbox comes from. */
        public Builder gitIdentity(GitIdentitySource gitIdentity) {
            this.gitIdentity = gitIdentity;
            return this;
        }

        /** Sets whether an existing sandbox with other settings (or an older build of its template) is to be replaced. */
        public Builder recreate(boolean recreate) {
            this.recreate = recreate;
            return this;
        }

        /** Sets the credential mode asked for. */
        public Builder credentials(Optional<CredentialMode> credentials) {
            this.credentials = credentials;
            return this;
        }

        /** Sets how templates are built on this machine. */
        public Builder templateSettings(TemplateSettings templateSettings) {
            this.templateSettings = templateSettings;
            return this;
        }

        /** Sets the resource limits asked for (the rest take the runtime's defaults). */
        public Builder limits(Optional<Limits> limits) {
            this.limits = limits;
            return this;
        }

        /** Sets whether the agent may gain privileges (sudo); false adds no-new-privileges. */
        public Builder sudo(Optional<Boolean> sudo) {
            this.sudo = sudo;
            return this;
        }

        /** Sets the engine's OCI runtime to use, such as {@code runsc}; empty for the engine's default. */
        public Builder ociRuntime(Optional<String> ociRuntime) {
            this.ociRuntime = ociRuntime;
            return this;
        }

        /** Sets the network policy asked for. */
        public Builder network(Optional<NetworkPolicy> network) {
            this.network = network;
            return this;
        }

        /** Sets the git worktree the workspace is, when the sandbox works on a branch. */
        public Builder worktree(Optional<Worktree> worktree) {
            this.worktree = worktree;
            return this;
        }

        /** Sets the credentials the egress proxy puts into requests (rules, the agent's keys). */
        public Builder injection(CredentialInjection injection) {
            this.injection = injection;
            return this;
        }

        public SandboxSpec build() {
            return new SandboxSpec(this);
        }
    }

    /**
     * The API's decisions a runtime asks for: the labels of a new sandbox, whether an existing one may
     * serve a spec, and the defaults of settings left unset. The API hands its policy to runtimes in
     * the spec ({@link #policy()}), so that a runtime reports facts (the labels it found) and never
     * judges them itself.
     *
     * <pre>{@code
     * Map<String, String> labels = spec.creationLabels();                       // when creating
     * List<String> differences = spec.differences(found.name(), found.labels()); // when reusing
     * if (!differences.isEmpty()) throw new SandboxConflictException(...);
     * }</pre>
     */
    public interface Policy {

        /** Every label a new sandbox for this spec carries. */
        Map<String, String> forCreation(SandboxSpec spec);

        /**
         * The settings the spec asks for that the existing sandbox (its name and labels) does not have,
         * one readable line each; empty when it can be reused.
         */
        List<String> differences(SandboxSpec spec, String existingName, Map<String, String> labels);

        /** The network policy of a sandbox made without one. */
        NetworkPolicy defaultNetwork();

        /** Whether the agent of a sandbox made without saying may use sudo. */
        boolean defaultSudo();

        /** The limits of a sandbox made without them. */
        Limits defaultLimits();

        /** The credential mode of a sandbox of this agent and network policy made without one. */
        CredentialMode defaultCredentials(AgentDefinition agent, NetworkPolicy network);
    }
}
