package dev.sandboxes.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sandboxes.Sandbox;
import dev.sandboxes.SandboxManager;
import dev.sandboxes.Sandboxes;
import dev.sandboxes.core.SandboxInfo;
import dev.sandboxes.core.SandboxStatus;
import dev.sandboxes.core.SandboxSummary;
import dev.sandboxes.errors.SandboxNotFoundException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Working on sandboxes without the handle that created them, as another process would. */
class ManagementIT {

    private final DockerTestSupport support = new DockerTestSupport();
    private final SandboxManager manager = Sandboxes.manager(DockerTestSupport.runtime());

    @AfterEach
    void cleanUp() {
        support.close();
    }

    @Test
    void listFindAttachInspectStopAndRemoveBySandboxIdPrefixOrName() throws Exception {
        Path workspace = support.newWorkspace("manage");
        String id;
        String name;
        try (Sandbox sandbox = support.builder(workspace).env("APP_ENV", "dev").open()) {
            id = sandbox.id();
            name = sandbox.name();
        }
        SandboxSummary listed = manager.list().stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
        assertEquals(name, listed.name());
        assertEquals(workspace, listed.workspace());
        assertEquals(DockerTestSupport.TEMPLATE, listed.template());
        assertEquals(SandboxStatus.RUNNING, listed.status());
        assertEquals(id, manager.find(workspace).orElseThrow().id());

        for (String reference : new String[] {id, id.substring(0, 12), name}) {
            try (Sandbox attached = manager.attach(reference)) {
                assertEquals(id, attached.id());
                assertEquals("attached\n", attached.exec("echo", "attached").stdout());
            }
        }
        SandboxInfo info = manager.inspect(name);
        assertEquals(Map.of("APP_ENV", "dev"), info.env());

        manager.stop(id.substring(0, 12));
        assertEquals(SandboxStatus.STOPPED, manager.inspect(id).status());
        manager.remove(name);
        assertTrue(manager.find(workspace).isEmpty());
        assertThrows(SandboxNotFoundException.class, () -> manager.attach(id));
    }

    @Test
    void containersWithoutTheMarkerLabelAreNeverSeenOrTouched() throws Exception {
        String foreign = DockerTestSupport.docker().createContainerCmd(DockerTestSupport.TEMPLATE)
                .withName("foreign-" + System.nanoTime())
                .withLabels(Map.of("dev.sandboxes.workspace", "/tmp/looks-like-one")).exec().getId();
        try {
            assertFalse(manager.list().stream().anyMatch(s -> s.id().equals(foreign)));
            assertThrows(SandboxNotFoundException.class, () -> manager.attach(foreign));
            assertThrows(SandboxNotFoundException.class, () -> manager.remove(foreign));
            assertTrue(DockerTestSupport.runtime().inspect(foreign).isEmpty());
            DockerTestSupport.runtime().remove(foreign, dev.sandboxes.core.SandboxListener.NONE);
            assertEquals("created", DockerTestSupport.docker().inspectContainerCmd(foreign).exec().getState().getStatus());
        } finally {
            DockerTestSupport.docker().removeContainerCmd(foreign).withForce(true).exec();
        }
    }

    @Test
    void infoOfASandboxRemovedBehindTheHandlesBackSaysSo() throws Exception {
        Path workspace = support.newWorkspace("behindback");
        try (Sandbox sandbox = support.builder(workspace).open()) {
            DockerTestSupport.docker().removeContainerCmd(sandbox.id()).withForce(true).exec();
            assertEquals(SandboxStatus.REMOVED, sandbox.info().status());
            assertThrows(SandboxNotFoundException.class, () -> sandbox.exec("true"));
        }
    }
}
