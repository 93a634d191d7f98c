package dev.sandboxes.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.sandboxes.Sandbox;
import dev.sandboxes.agents.AgentDefinition;
import dev.sandboxes.agents.CredentialPath;
import dev.sandboxes.core.SandboxLabels;
import dev.sandboxes.exec.ExecRequest;
import dev.sandboxes.templates.Template;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Saving a sandbox as an image and forking it; making a sandbox afresh with reset(). */
class SaveResetIT {

    private static final AgentDefinition AGENT = AgentDefinition.builder("save-reset-agent")
            .template(Template.image(DockerTestSupport.TEMPLATE)).interactive("sh").headless("sh", "-c", AgentDefinition.PROMPT)
            .credentialPaths(CredentialPath.file(".login")).build();
    private static final String IMAGE = "sandboxes-test/saved:" + Long.toHexString(System.nanoTime());

    private final DockerTestSupport support = new DockerTestSupport();

    @AfterEach
    void cleanUp() {
        support.close();
        try {
            DockerTestSupport.docker().removeImageCmd(IMAGE).withForce(true).exec();
        } catch (NotFoundException notSaved) {
            // This test saved none.
        }
        try {
            DockerTestSupport.docker().removeVolumeCmd("sandboxes-credentials-" + AGENT.name() + "-"
                    + System.getProperty("user.name")).exec();
        } catch (RuntimeException noVolume) {
            // Named otherwise, or never made: nothing of this test's is left.
        }
    }

    @Test
    void aSavedImageStartsNewSandboxesWithTheSavedStateButNoSecretCredentialOrSandboxLabel() throws Exception {
        Path workspace = support.newWorkspace("save");
        try (Sandbox prepared = support.builder(workspace).agent(AGENT)
                .env("SERVICE_TOKEN", "s3cr3t-token-value").env("APP_ENV", "dev").open()) {
            prepared.exec(ExecRequest.of("sh", "-c", "mkdir -p /opt/tool && printf '#!/bin/sh\\necho installed\\n'"
                    + " > /opt/tool/run && chmod 755 /opt/tool/run").asRoot()).orThrow();
            prepared.exec("sh", "-c", "echo prepared > /home/agent/notes && echo logged-in > /home/agent/.login").orThrow();
            prepared.save(IMAGE);
        }
        InspectImageResponse image = DockerTestSupport.docker().inspectImageCmd(IMAGE).exec();
        List<String> env = List.of(image.getConfig().getEnv());
        assertTrue(env.contains("SERVICE_TOKEN="), env.toString());
        assertTrue(env.stream().noneMatch(variable -> variable.contains("s3cr3t")), env.toString());
        Map<String, String> labels = image.getConfig().getLabels();
        assertEquals("", labels.get(SandboxLabels.WORKSPACE));
        assertEquals("", labels.get(SandboxLabels.MARKER));

        Path other = support.newWorkspace("fork");
        try (Sandbox fork = support.builder(other).template(IMAGE).open()) {
            assertEquals("installed\n", fork.exec("/opt/tool/run").stdout());
            assertEquals("prepared\n", fork.exec("cat", "/home/agent/notes").stdout());
            assertEquals("\n", fork.exec("sh", "-c", "echo $SERVICE_TOKEN").stdout());
            // The login lived in the credentials volume, which no image holds.
            assertNotEquals(0, fork.exec("cat", "/home/agent/.login").exitCode());
            assertEquals(other.toString(), fork.info().labels().get(SandboxLabels.WORKSPACE));
            assertTrue(fork.worktree().isEmpty());
        }
    }

    @Test
    void aResetDropsAFileInTheHomeAndKeepsTheWorkspaceTheSettingsAndTheLogin() throws Exception {
        Path workspace = support.newWorkspace("reset");
        Sandbox sandbox = support.builder(workspace).agent(AGENT).env("APP_ENV", "dev").open();
        sandbox.exec("sh", "-c", "echo scratch > /home/agent/scratch && echo work > work.txt"
                + " && echo logged-in > /home/agent/.login").orThrow();
        try (Sandbox fresh = sandbox.reset()) {
            assertNotEquals(sandbox.id(), fresh.id());
            assertNotEquals(0, fresh.exec("cat", "/home/agent/scratch").exitCode(), "the home file survived the reset");
            assertEquals("work\n", fresh.exec("cat", "work.txt").stdout());
            assertEquals("logged-in\n", fresh.exec("cat", "/home/agent/.login").stdout());
            assertEquals("dev\n", fresh.exec("sh", "-c", "echo $APP_ENV").stdout());
            assertEquals("agent\n", fresh.exec("id", "-un").stdout());
            assertEquals(1, DockerTestSupport.containersOf(workspace).size());
            assertFalse(Files.exists(workspace.resolve("scratch")));
        }
    }
}
