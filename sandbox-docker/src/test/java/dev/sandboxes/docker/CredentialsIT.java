package dev.sandboxes.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.exception.NotFoundException;
import dev.sandboxes.Sandbox;
import dev.sandboxes.Sandboxes;
import dev.sandboxes.agents.AgentDefinition;
import dev.sandboxes.agents.AgentUser;
import dev.sandboxes.agents.CredentialMode;
import dev.sandboxes.agents.CredentialPath;
import dev.sandboxes.exec.ExecResult;
import dev.sandboxes.internal.SandboxNames;
import dev.sandboxes.internal.SpecPolicy;
import dev.sandboxes.spi.HostOwner;
import dev.sandboxes.spi.LabelCodec;
import dev.sandboxes.spi.SandboxSpec;
import dev.sandboxes.templates.Template;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Credentials volumes against the real engine: one per agent and host user, shared by that agent's
 * sandboxes, kept when a sandbox is removed. Agents of the tests' own, so that no real agent's
 * volume (a developer's Claude login, say) is touched.
 */
class CredentialsIT {

    private static final AgentDefinition AGENT_X = agent("creds-x");
    private static final AgentDefinition AGENT_Y = agent("creds-y");

    private final DockerTestSupport support = new DockerTestSupport();
    private final CredentialVolumes volumes = new CredentialVolumes(DockerTestSupport.docker(),
            new DockerErrors(DockerTestSupport.runtime().endpoint()));

    @AfterEach
    void cleanUp() {
        support.close();
        for (AgentDefinition agent : List.of(AGENT_X, AGENT_Y)) {
            try {
                DockerTestSupport.docker().removeVolumeCmd(volumes.volumeName(agent.name())).exec();
            } catch (NotFoundException alreadyGone) {
                // Not made by this test.
            }
        }
    }

    @Test
    void aLoginWrittenInOneSandboxOfAnAgentIsInEveryOtherOfThatAgentAndNoneOfAnother() throws Exception {
        try (Sandbox first = open("first", AGENT_X)) {
            first.exec("sh", "-c", "echo token-1 > ~/.creds/login && echo '{\"user\":1}' > ~/.creds.json").orThrow();
        }
        try (Sandbox second = open("second", AGENT_X)) {
            assertEquals("token-1", second.exec("cat", "/home/agent/.creds/login").orThrow().stdout().strip());
            assertEquals("{\"user\":1}", second.exec("cat", "/home/agent/.creds.json").orThrow().stdout().strip());
        }
        try (Sandbox other = open("other", AGENT_Y)) {
            ExecResult missing = other.exec("cat", "/home/agent/.creds/login");
            assertEquals(1, missing.exitCode(), "agent Y sees agent X's login: " + missing.stdout());
        }
    }

    @Test
    void theVolumeBelongsToTheAgentUserAndOutlivesTheSandboxes() throws Exception {
        try (Sandbox sandbox = open("owner", AGENT_X)) {
            assertEquals("1000:1000 1000:1000", sandbox.exec("sh", "-c",
                    "stat -c %u:%g " + CredentialVolumes.MOUNT_POINT + " " + CredentialVolumes.MOUNT_POINT + "/.creds"
                            + " | tr '\\n' ' '").stdout().strip());
            assertEquals(CredentialVolumes.MOUNT_POINT + "/.creds", sandbox.exec("readlink", "/home/agent/.creds").stdout().strip());
            sandbox.exec("sh", "-c", "echo kept > ~/.creds/login").orThrow();
            assertEquals("sandbox", sandbox.info().labels().get(LabelCodec.CREDENTIALS));
            sandbox.remove();
        }
        String volume = volumes.volumeName(AGENT_X.name());
        assertEquals(AGENT_X.name(), DockerTestSupport.docker().inspectVolumeCmd(volume).exec().getLabels()
                .get(LabelCodec.CREDENTIALS_AGENT), "the volume is kept, labelled with its agent");
        try (Sandbox later = open("later", AGENT_X)) {
            assertEquals("kept", later.exec("cat", "/home/agent/.creds/login").stdout().strip());
        }
    }

    @Test
    void noVolumeIsMountedWithoutTheSandboxMode() throws Exception {
        for (CredentialMode mode : List.of(CredentialMode.ENV, CredentialMode.NONE)) {
            try (Sandbox sandbox = support.builder(support.newWorkspace("mode-" + mode)).agent(AGENT_X).credentials(mode).open()) {
                assertFalse(sandbox.exec("test", "-L", "/home/agent/.creds").succeeded());
                assertTrue(DockerTestSupport.docker().inspectContainerCmd(sandbox.id()).exec().getMounts().stream()
                        .noneMatch(m -> CredentialVolumes.MOUNT_POINT.equals(m.getDestination().getPath())));
            }
        }
    }

    @Test
    void whoeverFinishesASandboxWhoseCreatorDiedLinksItsCredentialsToo() throws Exception {
        Path workspace = support.newWorkspace("takeover");
        SandboxSpec spec = SandboxSpec.builder(workspace, workspace.toString(), SandboxNames.forWorkspace(workspace), AGENT_X,
                        SpecPolicy.INSTANCE)
                .agent(Optional.of(AGENT_X.name())).template(Optional.of(Template.image(DockerTestSupport.TEMPLATE)))
                .workspaceOwner(Optional.of(new HostOwner(0, 0, 0777))).build();
        // What a creator records before it would write the agent's files and start, and then dies.
        Map<String, String> recorded = new HashMap<>(LabelCodec.agentLabels(new AgentUser(AgentUser.NAME, 1000, 1000, false), true));
        recorded.putAll(LabelCodec.credentialPathLabels(AGENT_X.credentialPaths()));
        String orphan = DockerTestSupport.creator().create(spec, DockerTestSupport.TEMPLATE, recorded, Optional.empty()).orElseThrow();

        // Reopened without naming the agent: the finisher follows what the creator recorded.
        try (DockerSandboxRuntime runtime = DockerTestSupport.runtime(Duration.ofMillis(300), true);
             Sandbox sandbox = Sandboxes.forWorkspace(workspace).runtime(runtime).open()) {
            assertEquals(orphan, sandbox.id());
            assertEquals(CredentialVolumes.MOUNT_POINT + "/.creds", sandbox.exec("readlink", "/home/agent/.creds").stdout().strip());
            sandbox.exec("sh", "-c", "echo mine > ~/.creds/login").orThrow();
        }
    }

    private Sandbox open(String name, AgentDefinition agent) throws Exception {
        return support.builder(support.newWorkspace(name)).agent(agent).open();
    }

    private static AgentDefinition agent(String name) {
        return AgentDefinition.builder(name)
                .template(Template.image(DockerTestSupport.TEMPLATE))
                .interactive("sh")
                .headless("sh", "-c", AgentDefinition.PROMPT)
                .credentialPaths(CredentialPath.folder(".creds"), CredentialPath.file(".creds.json"))
                .build();
    }
}
