package dev.sandboxes.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sandboxes.Sandbox;
import dev.sandboxes.errors.InvalidSandboxConfigException;
import dev.sandboxes.errors.SandboxConflictException;
import dev.sandboxes.exec.ExecRequest;
import dev.sandboxes.exec.ExecResult;
import dev.sandboxes.spi.LabelCodec;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The sandbox's boundary against the real engine: capabilities, no-new-privileges, the OCI runtime, the host's files. */
class HardeningIT {

    private static final int CAP_CHOWN = 0;
    private static final int CAP_KILL = 5;
    private static final int CAP_SETGID = 6;
    private static final int CAP_SETUID = 7;
    private static final int CAP_NET_RAW = 13;
    private static final int CAP_SYS_CHROOT = 18;
    private static final int CAP_SYS_ADMIN = 21;
    private static final int CAP_MKNOD = 27;

    private final DockerTestSupport support = new DockerTestSupport();

    @AfterEach
    void cleanUp() {
        support.close();
    }

    @Test
    void evenRootHasOnlyTheCapabilitiesSudoAndPackageInstallsNeed() throws Exception {
        try (Sandbox sandbox = support.builder(support.newWorkspace("caps")).open()) {
            BigInteger effective = capabilities(sandbox);
            for (int kept : new int[] {CAP_CHOWN, CAP_KILL, CAP_SETGID, CAP_SETUID}) {
                assertTrue(effective.testBit(kept), "capability " + kept + " is needed and missing: " + effective.toString(16));
            }
            for (int dropped : new int[] {CAP_NET_RAW, CAP_SYS_CHROOT, CAP_SYS_ADMIN, CAP_MKNOD}) {
                assertFalse(effective.testBit(dropped), "capability " + dropped + " is left: " + effective.toString(16));
            }
            ExecResult mknod = sandbox.exec(ExecRequest.of("mknod", "/tmp/null", "c", "1", "3").asRoot());
            assertNotEquals(0, mknod.exitCode(), "root made a device node");
            assertTrue(mknod.stderr().contains("Operation not permitted"), mknod::toString);
            ExecResult chown = sandbox.exec(ExecRequest.shell("touch /tmp/f && chown 1000:1000 /tmp/f").asRoot());
            assertEquals(0, chown.exitCode(), chown::toString);
        }
    }

    @Test
    void sudoFalseSetsNoNewPrivilegesAndIsFixedAtCreation() throws Exception {
        Path workspace = support.newWorkspace("nnp");
        try (Sandbox sandbox = support.builder(workspace).sudo(false).open()) {
            assertEquals("1", sandbox.exec("sh", "-c", "awk '/NoNewPrivs/ { print $2 }' /proc/self/status").stdout().strip());
            assertFalse(sandbox.info().agentUser().orElseThrow().sudo());
            assertEquals("false", sandbox.info().labels().get(LabelCodec.SUDO));
        }
        SandboxConflictException conflict = assertThrows(SandboxConflictException.class,
                () -> support.builder(workspace).sudo(true).open());
        assertTrue(conflict.getMessage().contains("sudo"), conflict.getMessage());
        try (Sandbox defaults = support.builder(support.newWorkspace("nnp-off")).open()) {
            assertEquals("0", defaults.exec("sh", "-c", "awk '/NoNewPrivs/ { print $2 }' /proc/self/status").stdout().strip());
        }
    }

    @Test
    void anOciRuntimeIsPassedToTheEngineAndAMissingOneIsAClearError() throws Exception {
        try (Sandbox sandbox = support.builder(support.newWorkspace("runc")).ociRuntime("runc").open()) {
            assertEquals("runc", DockerTestSupport.docker().inspectContainerCmd(sandbox.id()).exec().getHostConfig().getRuntime());
            assertEquals("runc", sandbox.info().labels().get(LabelCodec.OCI_RUNTIME));
        }
        Path workspace = support.newWorkspace("noruntime");
        InvalidSandboxConfigException e = assertThrows(InvalidSandboxConfigException.class,
                () -> support.builder(workspace).ociRuntime("no-such-runtime").open());
        assertTrue(e.getMessage().contains("no-such-runtime") && e.getMessage().contains("not installed"), e.getMessage());
        assertTrue(DockerTestSupport.containersOf(workspace).isEmpty());
    }

    @Test
    void removingEverythingInsideLeavesTheHostIntactReadOnlyMountsIncluded() throws Exception {
        Path workspace = support.newWorkspace("rmrf");
        Path shared = Files.createTempDirectory("sandbox-host-shared");
        Files.writeString(shared.resolve("keep.txt"), "host file");
        Path home = Path.of(System.getProperty("user.home"));
        try (Sandbox sandbox = support.builder(workspace).mount(shared, "/data", true).open()) {
            assertEquals("host file", sandbox.readText("/data/keep.txt"), "the mount is there");
            sandbox.exec("sh", "-c", "rm -rf ~ /data/* 2>/dev/null; true");
            ExecResult asRoot = sandbox.exec(ExecRequest.shell("rm -rf /data/* /root /home 2>&1; true").asRoot());
            assertTrue(asRoot.stdout().contains("Read-only file system"), "root was not stopped by the read-only mount: " + asRoot);
        } finally {
            assertTrue(Files.exists(shared.resolve("keep.txt")), "a read-only mount's file is gone from the host");
            assertTrue(Files.isDirectory(home), "the host's home is gone");
            Files.deleteIfExists(shared.resolve("keep.txt"));
            Files.deleteIfExists(shared);
        }
    }

    @Test
    void aSymlinkInTheWorkspaceToAHostPathShowsTheSandboxsFileNotTheHosts() throws Exception {
        Path workspace = support.newWorkspace("symlink");
        Path secret = Files.createTempFile("sandbox-host-secret", ".txt");
        Files.writeString(secret, "host secret");
        Files.createSymbolicLink(workspace.resolve("escape"), secret);
        Files.createSymbolicLink(workspace.resolve("etc"), Path.of("/etc"));
        try (Sandbox sandbox = support.builder(workspace).open()) {
            ExecResult read = sandbox.exec("cat", workspace.resolve("escape").toString());
            assertNotEquals(0, read.exitCode(), "the host's file was read through the link: " + read.stdout());
            // The link is there and followed, inside: its target does not exist in the sandbox.
            assertTrue(read.stderr().contains("No such file or directory"), read::toString);
            assertFalse(read.stdout().contains("host secret"));
            String hostsPasswd = Files.readString(Path.of("/etc/passwd"));
            String seen = sandbox.exec("cat", workspace.resolve("etc").resolve("passwd").toString()).stdout();
            assertNotEquals(hostsPasswd, seen, "the link showed the host's /etc");
        } finally {
            Files.deleteIfExists(secret);
        }
    }

    /** The effective capabilities of root in the sandbox. */
    private static BigInteger capabilities(Sandbox sandbox) {
        String line = sandbox.exec(ExecRequest.of("grep", "CapEff", "/proc/self/status").asRoot()).stdout().strip();
        return new BigInteger(line.substring(line.indexOf(':') + 1).strip(), 16);
    }
}
