package dev.sandboxes.spi;

import dev.sandboxes.InvalidSandboxConfigException;
import dev.sandboxes.Mount;
import dev.sandboxes.PublishedPort;
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
 * if (spec.template().isEmpty() && creating) spec.requireTemplate();  // throws a clear error
 * }</pre>
 *
 * @param workspace      the workspace's real path (symlinks resolved)
 * @param sandboxWorkspace where the workspace appears inside: the same path, or its Linux form on Windows
 * @param workspaceInode the workspace folder's inode, where the platform has one
 * @param name           the sandbox name: the caller's, or one derived from the workspace path
 * @param agent          the agent asked for
 * @param template       the template image asked for
 * @param env            the environment asked for, sorted by name
 * @param mounts         the extra mounts asked for, host paths real
 * @param dockerSocket   whether the engine's socket was asked for
 * @param ports          the ports asked to be published
 * @param workspaceOwner who owns the workspace folder, where the platform says
 * @param gitIdentity    where the git identity of a new sandbox comes from
 * @param recreate       whether an existing sandbox with other settings is to be replaced
 */
public record SandboxSpec(Path workspace, String sandboxWorkspace, Optional<String> workspaceInode, String name,
                          Optional<String> agent, Optional<String> template,
                          Optional<Map<String, String>> env, Optional<List<Mount>> mounts,
                          Optional<Boolean> dockerSocket, Optional<List<PublishedPort>> ports,
                          Optional<HostOwner> workspaceOwner, GitIdentitySource gitIdentity, boolean recreate) {

    /** The agent of a sandbox created without {@code agent(...)}: a plain login shell. */
    public static final String DEFAULT_AGENT = "shell";

    public SandboxSpec {
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(sandboxWorkspace, "sandboxWorkspace");
        Objects.requireNonNull(workspaceInode, "workspaceInode");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(template, "template");
        env = env.map(values -> Collections.unmodifiableMap(new TreeMap<>(values)));
        mounts = mounts.map(List::copyOf);
        Objects.requireNonNull(dockerSocket, "dockerSocket");
        ports = ports.map(List::copyOf);
        Objects.requireNonNull(workspaceOwner, "workspaceOwner");
        Objects.requireNonNull(gitIdentity, "gitIdentity");
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

    /**
     * The template image for creating a sandbox.
     *
     * @throws InvalidSandboxConfigException when none was given
     */
    public String requireTemplate() {
        return template.orElseThrow(() -> new InvalidSandboxConfigException(
                "No template image for a new sandbox of agent '" + agentOrDefault() + "' in " + workspace
                        + ": call template(\"IMAGE\") on the builder (for example template(\"debian:trixie\"))."));
    }
}
