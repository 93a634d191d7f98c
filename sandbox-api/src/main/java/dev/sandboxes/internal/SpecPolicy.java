package dev.sandboxes.internal;

import dev.sandboxes.agents.AgentDefinition;
import dev.sandboxes.agents.CredentialMode;
import dev.sandboxes.core.Limits;
import dev.sandboxes.core.Mount;
import dev.sandboxes.core.SandboxLabels;
import dev.sandboxes.network.NetworkPolicy;
import dev.sandboxes.network.PublishedPort;
import dev.sandboxes.spi.LabelCodec;
import dev.sandboxes.spi.SandboxSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The API's decisions a runtime asks for through the spec: the defaults of settings left unset,
 * what a new sandbox for a spec carries, and which settings a later spec asks for that an existing
 * sandbox does not have. Only what the caller asked for is compared;
 * the caller's own labels are carried as they are and never compared (like Docker's, they are set
 * at creation only).
 */
public final class SpecPolicy implements SandboxSpec.Policy {

    /** The one policy: it holds no state. */
    public static final SpecPolicy INSTANCE = new SpecPolicy();

    private SpecPolicy() {
    }

    @Override
    public NetworkPolicy defaultNetwork() {
        return NetworkPolicy.open();
    }

    @Override
    public boolean defaultSudo() {
        return true;
    }

    @Override
    public Limits defaultLimits() {
        return Limits.defaults();
    }

    /** {@link CredentialMode#PROXY} for an agent whose provider takes its key in a header behind an egress proxy. */
    @Override
    public CredentialMode defaultCredentials(AgentDefinition agent, NetworkPolicy network) {
        return agent.apiKeyHeader().isPresent() && network.mode().throughProxy() ? CredentialMode.PROXY : CredentialMode.SANDBOX;
    }

    /** Every label a new sandbox for this spec carries. */
    @Override
    public Map<String, String> forCreation(SandboxSpec spec) {
        // Runtimes trust the library's labels to find and compare sandboxes: a spec made without the builder is checked too.
        spec.labels().forEach(LabelNames::check);
        // The caller's first: the library's own, put after, always win (the caller's cannot clash anyway).
        Map<String, String> labels = new LinkedHashMap<>(spec.labels());
        labels.put(SandboxLabels.MARKER, "true");
        labels.put(SandboxLabels.WORKSPACE, spec.workspace().toString());
        spec.workspaceInode().ifPresent(inode -> labels.put(LabelCodec.WORKSPACE_INODE, inode));
        labels.put(SandboxLabels.AGENT, spec.agentOrDefault());
        labels.put(SandboxLabels.TEMPLATE, spec.templateForCreation().label());
        labels.put(LabelCodec.CREDENTIALS, LabelCodec.credentialLabel(spec.credentialsOrDefault()));
        labels.put(LabelCodec.SUDO, Boolean.toString(spec.sudoOrDefault()));
        labels.put(SandboxLabels.NETWORK, spec.networkOrDefault().label());
        labels.put(LabelCodec.OCI_RUNTIME, spec.ociRuntime().orElse(""));
        labels.put(SandboxLabels.VERSION, LibraryVersion.VERSION);
        labels.put(LabelCodec.ENV_DIGEST, LabelCodec.envDigest(spec.envOrEmpty()));
        labels.put(LabelCodec.MOUNTS, LabelCodec.encodeMounts(spec.mountsOrEmpty()));
        labels.put(LabelCodec.DOCKER_SOCKET, Boolean.toString(spec.dockerSocketOrDefault()));
        labels.put(LabelCodec.PORTS, LabelCodec.encodePorts(spec.portsOrEmpty()));
        spec.worktree().ifPresent(worktree -> {
            labels.put(SandboxLabels.BRANCH, worktree.branch());
            labels.put(LabelCodec.BRANCH_BASE, worktree.baseCommit());
            labels.put(SandboxLabels.REPOSITORY, worktree.repository().toString());
        });
        return labels;
    }

    /**
     * The settings the spec asks for that the existing sandbox (known by its labels) does not have,
     * one readable line each; empty when the sandbox can be reused. Settings the spec leaves unset
     * are not compared.
     */
    public List<String> differences(SandboxSpec spec, Map<String, String> labels) {
        return differences(spec, spec.name(), labels);
    }

    /**
     * As {@link #differences(SandboxSpec, Map)}, and the name too when the caller gave one: a
     * sandbox keeps the name it was created with.
     */
    @Override
    public List<String> differences(SandboxSpec spec, String existingName, Map<String, String> labels) {
        List<String> differences = new ArrayList<>();
        if (!spec.name().equals(SandboxNames.forWorkspace(spec.workspace())) && !spec.name().equals(existingName)) {
            differences.add("name: asked for \"" + spec.name() + "\", sandbox has \"" + existingName + "\"");
        }
        spec.agent().ifPresent(agent -> compare("agent", agent, labels.get(SandboxLabels.AGENT), differences));
        spec.template().ifPresent(template ->
                compare("template", template.label(), labels.get(SandboxLabels.TEMPLATE), differences));
        if (spec.recreate() && TemplateFreshness.outdated(labels, spec.templateForCreation(), spec.templateSettings())) {
            differences.add("template: the sandbox runs on an older build of " + spec.templateForCreation().label());
        }
        spec.network().ifPresent(policy -> compare("network", policy.label(),
                labels.getOrDefault(SandboxLabels.NETWORK, NetworkPolicy.open().label()), differences));
        spec.sudo().ifPresent(sudo -> compare("sudo", sudo.toString(), labels.getOrDefault(LabelCodec.SUDO, "true"),
                differences));
        spec.ociRuntime().ifPresent(runtime -> compare("OCI runtime", runtime,
                labels.getOrDefault(LabelCodec.OCI_RUNTIME, ""), differences));
        spec.credentials().ifPresent(mode -> compare("credentials", LabelCodec.credentialLabel(mode),
                labels.getOrDefault(LabelCodec.CREDENTIALS, LabelCodec.credentialLabel(CredentialMode.NONE)), differences));
        spec.env().ifPresent(env -> differences.addAll(LabelCodec.envDifferences(env, labels.get(LabelCodec.ENV_DIGEST))));
        spec.mounts().ifPresent(mounts -> {
            List<Mount> existing = LabelCodec.mounts(labels);
            if (!new TreeSet<>(mounts.stream().map(Mount::toString).toList())
                    .equals(new TreeSet<>(existing.stream().map(Mount::toString).toList()))) {
                differences.add("mounts: asked for " + mounts + ", sandbox has " + existing);
            }
        });
        spec.ports().ifPresent(ports -> {
            List<PublishedPort> existing = LabelCodec.ports(labels);
            if (!new java.util.HashSet<>(ports).equals(new java.util.HashSet<>(existing))) {
                differences.add("ports: asked for " + ports + ", sandbox has " + existing);
            }
        });
        spec.dockerSocket().ifPresent(socket -> {
            boolean existing = Boolean.parseBoolean(labels.get(LabelCodec.DOCKER_SOCKET));
            if (socket != existing) {
                differences.add("Docker socket: asked for " + (socket ? "mounted" : "none")
                        + ", sandbox has " + (existing ? "it mounted" : "none"));
            }
        });
        return differences;
    }

    private static void compare(String setting, String asked, String existing, List<String> differences) {
        if (!Objects.equals(asked, existing)) {
            differences.add(setting + ": asked for \"" + asked + "\", sandbox has \"" + existing + "\"");
        }
    }

}
