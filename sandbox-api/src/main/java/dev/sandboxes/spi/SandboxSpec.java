package dev.sandboxes.spi;

import dev.sandboxes.AgentDefinition;
import dev.sandboxes.Agents;
import dev.sandboxes.CredentialMode;
import dev.sandboxes.Limits;
import dev.sandboxes.Mount;
import dev.sandboxes.NetworkPolicy;
import dev.sandboxes.PublishedPort;
import dev.sandboxes.Template;
import dev.sandboxes.TemplateSettings;
import dev.sandboxes.Worktree;
import dev.sandboxes.internal.LabelNames;
import dev.sandboxes.internal.SandboxNames;
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
 * creating"; that is how a reopen without settings accepts what exists.
 *
 * <pre>{@code
 * Template template = spec.templateForCreation();   // the caller's, else the agent's
 * }</pre>
 *
 * @param workspace      the workspace's real path (symlinks resolved)
 * @param sandboxWorkspace where the workspace appears inside: the same path, or its Linux form on Windows
 * @param workspaceInode the workspace folder's inode, where the platform has one
 * @param name           the sandbox name: the caller's, or one derived from the workspace path
 * @param agent          the agent asked for
 * @param template       the template asked for (with any extra packages)
 * @param env            the environment asked for, sorted by name
 * @param labels         the caller's own labels, sorted by key: set at creation, never compared on reuse
 * @param mounts         the extra mounts asked for, host paths real
 * @param dockerSocket   whether the engine's socket was asked for
 * @param ports          the ports asked to be published
 * @param workspaceOwner who owns the workspace folder, where the platform says
 * @param gitIdentity    where the git identity of a new sandbox comes from
 * @param recreate       whether an existing sandbox with other settings (or an older build of its
 *                       template) is to be replaced
 * @param agentDefinition the agent's definition: the one asked for, else the {@code shell} agent
 * @param credentials    the credential mode asked for
 * @param templateSettings how templates are built on this machine
 * @param limits         the resource limits asked for (the rest take the runtime's defaults)
 * @param sudo           whether the agent may gain privileges (sudo); false adds no-new-privileges
 * @param ociRuntime     the engine's OCI runtime to use, such as {@code runsc}; empty for the engine's default
 * @param network        the network policy asked for
 * @param worktree       the git worktree the workspace is, when the sandbox works on a branch
 * @param injection      the credentials the egress proxy puts into requests (rules, the agent's keys)
 */
public record SandboxSpec(Path workspace, String sandboxWorkspace, Optional<String> workspaceInode, String name,
                          Optional<String> agent, Optional<Template> template,
                          Optional<Map<String, String>> env, Map<String, String> labels, Optional<List<Mount>> mounts,
                          Optional<Boolean> dockerSocket, Optional<List<PublishedPort>> ports,
                          Optional<HostOwner> workspaceOwner, GitIdentitySource gitIdentity, boolean recreate,
                          AgentDefinition agentDefinition, Optional<CredentialMode> credentials,
                          TemplateSettings templateSettings, Optional<Limits> limits, Optional<Boolean> sudo,
                          Optional<String> ociRuntime, Optional<NetworkPolicy> network, Optional<Worktree> worktree,
                          CredentialInjection injection) {

    /** The agent of a sandbox created without {@code agent(...)}: a plain login shell. */
    public static final String DEFAULT_AGENT = Agents.SHELL;

    public SandboxSpec {
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(sandboxWorkspace, "sandboxWorkspace");
        Objects.requireNonNull(workspaceInode, "workspaceInode");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(template, "template");
        env = env.map(values -> Collections.unmodifiableMap(new TreeMap<>(values)));
        Objects.requireNonNull(labels, "labels").forEach(LabelNames::check);
        labels = Collections.unmodifiableMap(new TreeMap<>(labels));
        mounts = mounts.map(List::copyOf);
        Objects.requireNonNull(dockerSocket, "dockerSocket");
        ports = ports.map(List::copyOf);
        Objects.requireNonNull(workspaceOwner, "workspaceOwner");
        Objects.requireNonNull(gitIdentity, "gitIdentity");
        Objects.requireNonNull(agentDefinition, "agentDefinition");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(templateSettings, "templateSettings");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(sudo, "sudo");
        Objects.requireNonNull(ociRuntime, "ociRuntime");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(worktree, "worktree");
        Objects.requireNonNull(injection, "injection");
        if (!agentDefinition.name().equals(agent.orElse(DEFAULT_AGENT))) {
            throw new IllegalArgumentException("The agent definition " + agentDefinition.name()
                    + " is not the agent asked for, " + agent.orElse(DEFAULT_AGENT));
        }
    }

    /** A spec with nothing for the egress proxy to inject. */
    public SandboxSpec(Path workspace, String sandboxWorkspace, Optional<String> workspaceInode, String name,
                       Optional<String> agent, Optional<Template> template,
                       Optional<Map<String, String>> env, Map<String, String> labels, Optional<List<Mount>> mounts,
                       Optional<Boolean> dockerSocket, Optional<List<PublishedPort>> ports,
                       Optional<HostOwner> workspaceOwner, GitIdentitySource gitIdentity, boolean recreate,
                       AgentDefinition agentDefinition, Optional<CredentialMode> credentials,
                       TemplateSettings templateSettings, Optional<Limits> limits, Optional<Boolean> sudo,
                       Optional<String> ociRuntime, Optional<NetworkPolicy> network, Optional<Worktree> worktree) {
        this(workspace, sandboxWorkspace, workspaceInode, name, agent, template, env, labels, mounts, dockerSocket, ports,
                workspaceOwner, gitIdentity, recreate, agentDefinition, credentials, templateSettings, limits, sudo,
                ociRuntime, network, worktree, CredentialInjection.NONE);
    }

    /**
     * A spec with the agent known by name (or the shell), no labels, no credential mode asked for,
     * and the template settings of the environment.
     */
    public SandboxSpec(Path workspace, String sandboxWorkspace, Optional<String> workspaceInode, String name,
                       Optional<String> agent, Optional<Template> template,
                       Optional<Map<String, String>> env, Optional<List<Mount>> mounts,
                       Optional<Boolean> dockerSocket, Optional<List<PublishedPort>> ports,
                       Optional<HostOwner> workspaceOwner, GitIdentitySource gitIdentity, boolean recreate) {
        this(workspace, sandboxWorkspace, workspaceInode, name, agent, template, env, Map.of(), mounts, dockerSocket, ports,
                workspaceOwner, gitIdentity, recreate, Agents.named(agent.orElse(DEFAULT_AGENT)), Optional.empty(),
                TemplateSettings.fromEnvironment(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());
    }

    public String agentOrDefault() {
        return agent.orElse(DEFAULT_AGENT);
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

    /** Whether the caller chose the name, rather than leaving the one derived from the workspace path. */
    public boolean nameGiven() {
        return !name.equals(SandboxNames.forWorkspace(workspace));
    }

    /** The template a new sandbox is created from: the one asked for, else the agent's own. */
    public Template templateForCreation() {
        return template.orElse(agentDefinition.template());
    }

    public NetworkPolicy networkOrDefault() {
        return network.orElse(NetworkPolicy.open());
    }

    public boolean sudoOrDefault() {
        return sudo.orElse(true);
    }

    public Limits limitsOrDefaults() {
        return limits.orElse(Limits.defaults());
    }

    /**
     * The credential mode asked for, else {@link CredentialMode#PROXY} for an agent whose provider
     * takes its key in a header behind an egress proxy, else {@link CredentialMode#SANDBOX}.
     */
    public CredentialMode credentialsOrDefault() {
        return credentials.orElse(agentDefinition.apiKeyHeader().isPresent() && networkOrDefault().mode().throughProxy()
                ? CredentialMode.PROXY : CredentialMode.SANDBOX);
    }

    /**
     * The same spec asking for this credential mode: for a runtime that cannot carry out the default
     * one (see {@link #credentialsOrDefault()}) and falls back on another.
     */
    public SandboxSpec withCredentials(CredentialMode mode) {
        return new SandboxSpec(workspace, sandboxWorkspace, workspaceInode, name, agent, template, env, labels, mounts,
                dockerSocket, ports, workspaceOwner, gitIdentity, recreate, agentDefinition, Optional.of(mode),
                templateSettings, limits, sudo, ociRuntime, network, worktree, injection);
    }

    /** The credential rules for a sandbox of this credential mode (see {@link CredentialInjection#rulesFor}). */
    public List<dev.sandboxes.CredentialRule> credentialRulesFor(CredentialMode mode) {
        return injection.rulesFor(agentDefinition, mode);
    }
}
