package dev.sandboxes.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sandboxes.errors.InvalidWorkspaceException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The guard against giving a sandbox folders it must never see. A fake home under the temporary
 * folder stands in for the user's, so that the real home is never read or touched.
 */
class WorkspaceGuardTest {

    @TempDir
    Path tmp;

    private Path home;
    private Path projects;
    private WorkspaceGuard guard;

    @BeforeEach
    void createFakeHomeAndProjects() throws IOException {
        home = Files.createDirectories(tmp.resolve("home"));
        projects = Files.createDirectories(tmp.resolve("projects"));
        guard = new WorkspaceGuard(home);
    }

    private InvalidWorkspaceException refused(Path folder) {
        return assertThrows(InvalidWorkspaceException.class, () -> guard.checkHostFolder(folder, "workspace"));
    }

    private static void assertMessageContains(Exception e, String fragment) {
        assertTrue(e.getMessage().contains(fragment), () -> "expected '" + fragment + "' in: " + e.getMessage());
    }

    // ---------------------------------------------------------------- host folders

    @Test
    void missingFolderIsRefusedAsNotExisting() {
        Path missing = projects.resolve("nope");

        InvalidWorkspaceException e = refused(missing);

        assertMessageContains(e, "does not exist");
        assertEquals(missing, e.path(), "the exception carries the path as given");
    }

    @Test
    void fileIsRefusedAsAFile() throws IOException {
        Path file = Files.writeString(projects.resolve("notes.txt"), "hello");

        assertMessageContains(refused(file), "is a file");
    }

    @Test
    void fileSystemRootIsRefused() {
        assertMessageContains(refused(Path.of("/")), "root");
    }

    @Test
    void homeFolderItselfIsRefused() {
        assertMessageContains(refused(home), "your home folder");
    }

    @Test
    void folderAboveTheHomeIsRefused() {
        // tmp holds the fake home: giving it would give the home too.
        assertMessageContains(refused(tmp), "above your home folder");
    }

    @ParameterizedTest
    @ValueSource(strings = {".ssh", ".aws", ".gnupg", ".docker", ".kube"})
    void credentialFolderOfTheHomeAndAnythingInsideItIsRefused(String folder) throws IOException {
        Path credentials = Files.createDirectories(home.resolve(folder));
        Path inside = Files.createDirectories(credentials.resolve("nested"));

        assertMessageContains(refused(credentials), "~/" + folder);
        assertMessageContains(refused(inside), "~/" + folder);
    }

    @Test
    void theTargetOfASymlinkedSshFolderIsRefused() throws IOException {
        Path keys = Files.createDirectories(projects.resolve("keys-elsewhere"));
        Files.createSymbolicLink(home.resolve(".ssh"), keys);

        assertMessageContains(refused(keys), "~/.ssh");
    }

    @Test
    void aFolderWhoseNameHoldsATabIsRefused() throws IOException {
        // Mounts are recorded in a label as tab-separated lines.
        Path odd = Files.createDirectories(projects.resolve("odd\tname"));

        assertMessageContains(refused(odd), "tab or line break");
    }

    @Test
    void symlinkElsewherePointingIntoTheSshFolderIsRefused() throws IOException {
        Path keys = Files.createDirectories(home.resolve(".ssh").resolve("keys"));
        Path innocentLooking = Files.createSymbolicLink(projects.resolve("innocent-project"), keys);

        InvalidWorkspaceException e = refused(innocentLooking);

        assertMessageContains(e, "~/.ssh");
        assertMessageContains(e, "really " + keys.toRealPath());
    }

    @Test
    void folderHoldingTheDockerSocketIsRefused() {
        Path varRun = Path.of("/var/run");
        assumeTrue(Files.isDirectory(varRun), "this host has no /var/run");

        assertMessageContains(refused(varRun), "Docker socket");
    }

    @Test
    void ordinaryProjectFolderIsAcceptedAsItsRealPath() throws IOException {
        Path app = Files.createDirectories(projects.resolve("app"));

        assertEquals(app.toRealPath(), guard.checkHostFolder(app, "workspace"));
    }

    @Test
    void symlinkToAnOrdinaryFolderIsAcceptedAsTheTargetsRealPath() throws IOException {
        Path app = Files.createDirectories(projects.resolve("app"));
        Path link = Files.createSymbolicLink(tmp.resolve("app-link"), app);

        assertEquals(app.toRealPath(), guard.checkHostFolder(link, "mount"));
    }

    @Test
    void ordinaryFolderInsideTheHomeIsAccepted() throws IOException {
        // Only the home itself and its credential folders are refused, not the projects in it.
        Path code = Files.createDirectories(home.resolve("code").resolve("app"));

        assertEquals(code.toRealPath(), guard.checkHostFolder(code, "workspace"));
    }

    @Test
    void folderWhoseNameOnlyStartsLikeACredentialFolderIsAccepted() throws IOException {
        // ".sshfs-cache" is not inside ".ssh": the check compares path elements, not text.
        Path lookalike = Files.createDirectories(home.resolve(".sshfs-cache"));

        assertEquals(lookalike.toRealPath(), guard.checkHostFolder(lookalike, "mount"));
    }

    @Test
    void messageNamesTheRole() {
        Path missing = projects.resolve("nope");

        InvalidWorkspaceException e = assertThrows(InvalidWorkspaceException.class,
                () -> guard.checkHostFolder(missing, "mount"));

        assertMessageContains(e, "The mount ");
    }

    // ---------------------------------------------------------------- sandbox paths

    @ParameterizedTest
    @ValueSource(strings = {"/", "/usr", "/usr/local/x", "/etc", "/etc/foo", "/bin", "/lib", "/sbin", "/opt", "/var",
            "/proc/x", "/sys", "/dev/x", "/home", "/home/agent", "/work/../etc/passwd", "work"})
    void sandboxPathThatWouldHideOrReplaceSystemFoldersIsRefused(String sandboxPath) {
        Path host = projects.resolve("app");

        InvalidWorkspaceException e = assertThrows(InvalidWorkspaceException.class,
                () -> guard.checkSandboxPath(sandboxPath, host));

        assertEquals(host, e.path());
    }

    @Test
    void relativeSandboxPathIsRefusedAsNotAbsolute() {
        InvalidWorkspaceException e = assertThrows(InvalidWorkspaceException.class,
                () -> guard.checkSandboxPath("work", projects));

        assertMessageContains(e, "not absolute");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/var/www/site", "/opt/src", "/home/agent/project", "/work/project", "/srv/app"})
    void projectSandboxPathIsAccepted(String sandboxPath) {
        assertDoesNotThrow(() -> guard.checkSandboxPath(sandboxPath, projects));
    }
}
