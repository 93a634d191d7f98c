package dev.sandboxes.core;

import dev.sandboxes.agents.AgentUser;
import dev.sandboxes.network.PublishedPort;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything known about one sandbox: its summary and the settings it was created with. Values of
 * environment variables whose names look secret ({@code *_KEY}, {@code *TOKEN*}, {@code *SECRET*},
 * {@code *PASSWORD*}, …) are replaced by {@value #MASK}.
 *
 * <pre>{@code
 * SandboxInfo info = sandbox.info();
 * System.out.println(info.status() + " " + info.template() + " " + info.env());
 * }</pre>
 *
 * @param summary      id, name, workspace, agent, template, status, created, labels
 * @param env          the variables set at creation, secret values masked
 * @param mounts       the extra mounts (the workspace is not among them)
 * @param dockerSocket whether the engine's socket is mounted inside
 * @param ports        the published ports, with the host ports the engine chose (empty when not running)
 * @param agentUser    the user commands run as; empty for a sandbox made before the library knew it
 * @param workspaceWritable whether that user may write to the workspace (not when root owns it, say)
 * @param templateOutdated  whether it runs on an older build of its template than the library builds
 *                          today; {@code open()} with {@code recreate()} moves it to the new one (a runtime
 *                          gives false: whether it is outdated is the API's to tell)
 * @param limits            the resource limits in force; unset ones are unlimited
 * @param stoppedAt         when it last stopped, while it is stopped; empty otherwise
 */
public record SandboxInfo(SandboxSummary summary, Map<String, String> env, List<Mount> mounts,
                          boolean dockerSocket, List<PublishedPort> ports, java.util.Optional<AgentUser> agentUser,
                          boolean workspaceWritable, boolean templateOutdated, Limits limits,
                          java.util.Optional<Instant> stoppedAt) {

    /** What a secret value is replaced by. */
    public static final String MASK = "****";

    public SandboxInfo {
        Objects.requireNonNull(summary, "summary");
        env = Map.copyOf(env);
        mounts = List.copyOf(mounts);
        ports = List.copyOf(ports);
        Objects.requireNonNull(agentUser, "agentUser");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(stoppedAt, "stoppedAt");
    }

    public String id() {
        return summary.id();
    }

    public String name() {
        return summary.name();
    }

    public Path workspace() {
        return summary.workspace();
    }

    public String agent() {
        return summary.agent();
    }

    public String template() {
        return summary.template();
    }

    public SandboxStatus status() {
        return summary.status();
    }

    public Instant created() {
        return summary.created();
    }

    public Map<String, String> labels() {
        return summary.labels();
    }
}
