package dev.sandboxes.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sandboxes.Sandbox;
import dev.sandboxes.core.SandboxInfo;
import dev.sandboxes.errors.SandboxConflictException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SettingsConflictIT {

    private final DockerTestSupport support = new DockerTestSupport();

    @AfterEach
    void cleanUp() {
        support.close();
    }

    @Test
    void envIsSetAtCreationAndSecretValuesAreMaskedInInfo() throws Exception {
        Path workspace = support.newWorkspace("env");
        try (Sandbox sandbox = support.builder(workspace).env("APP_ENV", "development")
                .env("MY_API_KEY", "supersecret123").open()) {
            assertEquals("development\n", sandbox.exec("sh", "-c", "echo $APP_ENV").stdout());
            assertEquals("supersecret123\n", sandbox.exec("sh", "-c", "echo $MY_API_KEY").stdout());
            SandboxInfo info = sandbox.info();
            assertEquals(Map.of("APP_ENV", "development", "MY_API_KEY", SandboxInfo.MASK), info.env());
            assertFalse(info.labels().toString().contains("supersecret123"));
        }
    }

    @Test
    void aDifferentEnvValueIsAConflictNamingTheVariableButNotItsValue() throws Exception {
        Path workspace = support.newWorkspace("envconflict");
        support.builder(workspace).env("MY_SECRET", "old-secret-value").open().close();
        SandboxConflictException e = assertThrows(SandboxConflictException.class,
                () -> support.builder(workspace).env("MY_SECRET", "new-secret-value").open());
        assertEquals(List.of("env: the value of MY_SECRET differs"), e.differences());
        assertFalse(e.getMessage().contains("secret-value"), e.getMessage());
        assertTrue(e.getMessage().contains("recreate()"), e.getMessage());
    }

    @Test
    void aDifferentTemplateAgentMountOrSocketIsAConflictNamingIt() throws Exception {
        Path workspace = support.newWorkspace("conflicts");
        Path extra = support.newWorkspace("extra");
        support.builder(workspace).open().close();  // created with the defaults
        SandboxConflictException template = assertThrows(SandboxConflictException.class,
                () -> support.builder(workspace).template("other-image:1").open());
        assertTrue(template.differences().get(0).startsWith("template: asked for \"other-image:1\""));
        SandboxConflictException agent = assertThrows(SandboxConflictException.class,
                () -> support.builder(workspace).agent("claude").open());
        assertEquals(List.of("agent: asked for \"claude\", sandbox has \"shell\""), agent.differences());
        SandboxConflictException mount = assertThrows(SandboxConflictException.class,
                () -> support.builder(workspace).mount(extra, "/extra", true).open());
        assertTrue(mount.differences().get(0).startsWith("mounts:"));
        SandboxConflictException socket = assertThrows(SandboxConflictException.class,
                () -> support.builder(workspace).mountDockerSocket().open());
        assertTrue(socket.differences().get(0).startsWith("Docker socket:"));
    }

    @Test
    void aReopenThatLeavesSettingsUnsetAcceptsWhatExists() throws Exception {
        Path workspace = support.newWorkspace("unset");
        String id;
        try (Sandbox sandbox = support.builder(workspace).agent("claude").env("APP_ENV", "dev").open()) {
            id = sandbox.id();
        }
        // No template, no agent, no env: whatever the sandbox has is fine.
        try (Sandbox sandbox = dev.sandboxes.Sandboxes.forWorkspace(workspace).runtime(DockerTestSupport.runtime()).open()) {
            assertEquals(id, sandbox.id());
            assertEquals("dev\n", sandbox.exec("sh", "-c", "echo $APP_ENV").stdout());
        }
    }

    @Test
    void recreateReplacesASandboxWhoseSettingsDiffer() throws Exception {
        Path workspace = support.newWorkspace("recreate");
        String oldId;
        try (Sandbox sandbox = support.builder(workspace).env("APP_ENV", "dev").open()) {
            oldId = sandbox.id();
            sandbox.exec("sh", "-c", "echo old > /tmp/state");
        }
        try (Sandbox sandbox = support.builder(workspace).env("APP_ENV", "prod").recreate().open()) {
            assertNotEquals(oldId, sandbox.id());
            assertEquals("prod\n", sandbox.exec("sh", "-c", "echo $APP_ENV").stdout());
            assertEquals(1, sandbox.exec("test", "-e", "/tmp/state").exitCode());
        }
        assertTrue(DockerTestSupport.docker().listContainersCmd().withShowAll(true).withIdFilter(List.of(oldId)).exec()
                .isEmpty());
    }

    @Test
    void recreateKeepsASandboxWhoseSettingsMatch() throws Exception {
        Path workspace = support.newWorkspace("recreatesame");
        String id;
        try (Sandbox sandbox = support.builder(workspace).env("APP_ENV", "dev").open()) {
            id = sandbox.id();
        }
        try (Sandbox sandbox = support.builder(workspace).env("APP_ENV", "dev").recreate().open()) {
            assertEquals(id, sandbox.id());
        }
    }
}
