package dev.sandboxes.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sandboxes.Sandbox;
import dev.sandboxes.exec.ExecResult;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The tests of the article Docker Sandboxes are judged by (1 to 7, and 10), through this library's
 * API. Test 6, git identity, is the one that failed for Docker's own sandboxes.
 */
class SeedScenarioIT {

    private static final int OWNER = 1234;

    private final DockerTestSupport support = new DockerTestSupport();
    private Path workspace;
    private Path besideWorkspace;

    @BeforeEach
    void project() throws Exception {
        Path parent = support.newWorkspace("seed");
        workspace = support.newWorkspaceInside(parent, "sandbox-testing");
        Files.createDirectories(workspace.resolve("src/components"));
        Files.writeString(workspace.resolve("src/components/Button.tsx"), "export const Button = () => <button>Click me</button>\n");
        besideWorkspace = Files.writeString(parent.resolve("not-in-the-sandbox.txt"), "host only\n");
        try (var paths = Files.walk(workspace)) {
            for (Path path : paths.toList()) {
                Files.setAttribute(path, "unix:uid", OWNER);
                Files.setAttribute(path, "unix:gid", OWNER);
            }
        }
    }

    @AfterEach
    void cleanUp() {
        support.close();
    }

    @Test
    void tests1To3NoSshKeysAwsCredentialsOrDocuments() throws Exception {
        try (Sandbox sandbox = open()) {
            for (String secret : new String[] {"~/.ssh/", "~/.aws/", "~/Documents/"}) {
                ExecResult ls = sandbox.exec("sh", "-c", "ls -la " + secret);
                assertNotEquals(0, ls.exitCode(), secret + " is visible: " + ls.stdout());
                assertTrue(ls.stderr().contains("No such file or directory"), ls::toString);
            }
        }
    }

    @Test
    void test4TheProjectFolderIsVisible() throws Exception {
        try (Sandbox sandbox = open()) {
            assertTrue(sandbox.exec("ls", "-la", workspace.toString()).stdout().contains("src"));
        }
    }

    @Test
    void test5RemovingTheHomeInsideLeavesTheHostUntouched() throws Exception {
        try (Sandbox sandbox = open()) {
            sandbox.exec("sh", "-c", "rm -rf ~/");
            assertEquals("export const Button = () => <button>Click me</button>\n",
                    Files.readString(workspace.resolve("src/components/Button.tsx")));
            assertEquals("host only\n", Files.readString(besideWorkspace));
        }
    }

    @Test
    void test6TheGitIdentityIsThere() throws Exception {
        try (Sandbox sandbox = open()) {
            String global = sandbox.exec("git", "config", "--global", "--list").stdout();
            assertTrue(global.contains("user.name=Ada Lovelace"), global);
            assertTrue(global.contains("user.email=ada@example.com"), global);
            assertTrue(global.contains("safe.directory=" + workspace), global);
        }
    }

    @Test
    void test7PathsMatchBothWaysWithTheRightOwner() throws Exception {
        try (Sandbox sandbox = open()) {
            assertEquals(workspace + "\n", sandbox.exec("pwd").stdout());
            assertEquals("export const Button = () => <button>Click me</button>\n",
                    sandbox.exec("cat", workspace + "/src/components/Button.tsx").stdout());
            assertEquals(0, sandbox.exec("sh", "-c",
                    "echo \"console.log('created inside sandbox')\" > " + workspace + "/src/utils.js").exitCode());
            Path created = workspace.resolve("src/utils.js");
            assertEquals("console.log('created inside sandbox')\n", Files.readString(created));
            assertEquals(OWNER, Files.getAttribute(created, "unix:uid"));
        }
    }

    @Test
    void test10TheDockerSocketWhenAskedFor() throws Exception {
        try (Sandbox sandbox = support.builder(workspace).template(DockerTestSupport.TOOLS_TEMPLATE)
                .gitIdentity("Ada Lovelace", "ada@example.com").mountDockerSocket().open()) {
            ExecResult ps = sandbox.exec("docker", "ps");
            assertEquals(0, ps.exitCode(), ps.stderr());
            assertTrue(ps.stdout().startsWith("CONTAINER ID"), ps.stdout());
        }
    }

    private Sandbox open() {
        return support.builder(workspace).template(DockerTestSupport.TOOLS_TEMPLATE)
                .gitIdentity("Ada Lovelace", "ada@example.com").open();
    }
}
