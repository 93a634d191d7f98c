package dev.sandboxes.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import dev.sandboxes.agents.AgentDefinition;
import dev.sandboxes.agents.AgentUser;
import dev.sandboxes.agents.CredentialMode;
import dev.sandboxes.agents.CredentialPath;
import dev.sandboxes.spi.LabelCodec;
import dev.sandboxes.spi.SandboxSpec;
import java.util.List;
import java.util.Map;

/**
 * The agents' credentials volumes: one named volume per agent and host user, shared by every
 * sandbox of that agent and kept when a sandbox is removed, so that logging in once is enough.
 *
 * <p>A volume cannot be mounted on a file (Claude Code keeps {@code ~/.claude.json}), and a fresh
 * volume belongs to root. So the volume is mounted on one folder, {@value #MOUNT_POINT}, and before
 * the first start the setup archive gives that folder to the agent user, makes the credential
 * folders in it, and links each credential path of the home into it. Which paths were linked is
 * recorded in a label, so that whoever finishes a sandbox whose creator died can do the same.
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
        CredentialMode mode = spec.credentialsOrDefault();
        // In proxy mode too: logins made inside are kept, inside.
        return (mode == CredentialMode.SANDBOX || mode == CredentialMode.PROXY)
                && !spec.agentDefinition().credentialPaths().isEmpty();
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
                        .withLabels(Map.of(LabelCodec.CREDENTIALS_AGENT, agent.name(),
                                EngineObjects.ROLE_LABEL, EngineObjects.Role.CREDENTIALS.value())).exec();
            }
        });
        return new Mount().withType(MountType.VOLUME).withSource(name).withTarget(MOUNT_POINT);
    }

    /**
     * Adds to the setup archive what the agent needs in its volume before the first start: the
     * volume's root and the agent's credential folders in it, owned by the agent user (the engine
     * mounts volumes for archive writes, so this lands in the volume), and a link from each credential
     * path in the home into the volume. Existing content of the volume (another sandbox's login) is
     * left as it is.
     */
    static void link(SetupArchive setup, List<CredentialPath> paths, AgentUser user) {
        if (paths.isEmpty()) {
            return;
        }
        setup.directory(MOUNT_POINT, 0700, user.uid(), user.gid());
        for (CredentialPath path : paths) {
            if (path.folder()) {
                setup.directory(MOUNT_POINT + "/" + path.name(), 0700, user.uid(), user.gid());
            }
            setup.symlink(AgentUser.HOME + "/" + path.name(), MOUNT_POINT + "/" + path.name(), user.uid(), user.gid());
        }
    }
}
