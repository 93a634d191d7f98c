package dev.sandboxes.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import dev.sandboxes.AgentDefinition;
import dev.sandboxes.AgentUser;
import dev.sandboxes.CredentialMode;
import dev.sandboxes.CredentialPath;
import dev.sandboxes.ExecRequest;
import dev.sandboxes.SandboxLabels;
import dev.sandboxes.spi.SandboxSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The agents' credentials volumes: one named volume per agent and host user, shared by every
 * sandbox of that agent and kept when a sandbox is removed, so that logging in once is enough.
 *
 * <p>A volume cannot be mounted on a file (Claude Code keeps {@code ~/.claude.json}), and a fresh
 * volume belongs to root. So the volume is mounted on one folder, {@value #MOUNT_POINT}; each of the
 * agent's credential paths in its home is a link into it, written before the first start; and the
 * volume is given to the agent user right after, with the folders the links point to.
 */
final class CredentialVolumes {

    /** Where a sandbox's credentials volume is mounted. */
    static final String MOUNT_POINT = "/mnt/agent-credentials";
    private static final String PREFIX = "sandboxes-credentials-";

    private final DockerClient client;
    private final DockerErrors errors;
    private final String hostUser;

    CredentialVolumes(DockerClient client, DockerErrors errors) {
        this(client, errors, System.getProperty("user.name", "user"));
    }

    CredentialVolumes(DockerClient client, DockerErrors errors, String hostUser) {
        this.client = client;
        this.errors = errors;
        this.hostUser = hostUser;
    }

    /** Whether a sandbox of this spec gets a credentials volume. */
    static boolean wanted(SandboxSpec spec) {
        return spec.credentialsOrDefault() == CredentialMode.SANDBOX && !spec.agentDefinition().credentialPaths().isEmpty();
    }

    /** The volume of an agent for this host user: {@code sandboxes-credentials-claude-alice}. */
    String volumeName(String agent) {
        return PREFIX + agent + "-" + hostUser.replaceAll("[^A-Za-z0-9_.-]", "_");
    }

    /** The mount of the agent's volume, which is created (labelled) when missing. */
    Mount mount(AgentDefinition agent) {
        String name = volumeName(agent.name());
        errors.run("create the credentials volume " + name, () -> {
            try {
                client.inspectVolumeCmd(name).exec();
            } catch (NotFoundException missing) {
                client.createVolumeCmd().withName(name)
                        .withLabels(Map.of(SandboxLabels.CREDENTIALS_AGENT, agent.name())).exec();
            }
        });
        return new Mount().withType(MountType.VOLUME).withSource(name).withTarget(MOUNT_POINT);
    }

    /** Adds to the setup archive a link from each credential path in the home into the volume. */
    static void link(SetupArchive setup, AgentDefinition agent, AgentUser user) {
        for (CredentialPath path : agent.credentialPaths()) {
            setup.symlink(AgentUser.HOME + "/" + path.name(), MOUNT_POINT + "/" + path.name(), user.uid(), user.gid());
        }
    }

    /**
     * The root command, run once after the first start, that gives the volume to the agent user and
     * makes the folders its links point to. Existing content is left as it is: it is the login of
     * another sandbox of the same agent.
     */
    static ExecRequest prepare(AgentDefinition agent, AgentUser user) {
        List<String> folders = new ArrayList<>();
        agent.credentialPaths().stream().filter(CredentialPath::folder).forEach(p -> folders.add(MOUNT_POINT + "/" + p.name()));
        String owner = user.uid() + ":" + user.gid();
        List<String> argv = new ArrayList<>(List.of("sh", "-c",
                "set -e; owner=$1; shift; chown \"$owner\" " + MOUNT_POINT + "; chmod 700 " + MOUNT_POINT + ";"
                        + " for d in \"$@\"; do [ -d \"$d\" ] || { mkdir \"$d\"; chown \"$owner\" \"$d\"; }; done",
                "prepare-credentials", owner));
        argv.addAll(folders);
        return ExecRequest.of(argv).asRoot().inDirectory("/");
    }
}
