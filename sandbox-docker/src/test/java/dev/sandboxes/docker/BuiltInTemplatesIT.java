package dev.sandboxes.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sandboxes.Sandbox;
import dev.sandboxes.SandboxBuilder;
import dev.sandboxes.Sandboxes;
import dev.sandboxes.TemplateManager;
import dev.sandboxes.agents.Agents;
import dev.sandboxes.agents.CredentialPath;
import dev.sandboxes.exec.ExecRequest;
import dev.sandboxes.exec.ExecResult;
import dev.sandboxes.network.NetworkPolicy;
import dev.sandboxes.spi.LabelCodec;
import dev.sandboxes.templates.TemplateProgress;
import dev.sandboxes.templates.TemplateSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The real claude and gemini templates, built from the Dockerfiles shipped in sandbox-api on the
 * Debian base that scripts/build-base-image.sh imports, trusting this machine's CA bundle (TLS to
 * npm is intercepted here), and used through the library as users use them. The first test to run
 * builds them (minutes); the others find them built.
 */
class BuiltInTemplatesIT {

    /** This machine's trust store, which holds the CA of the proxy in front of npm. */
    private static final Path HOST_BUNDLE = Path.of("/etc/ssl/certs/ca-certificates.crt");
    private static final List<String> TOOLBOX = List.of("node", "npm", "git", "gh", "go", "python3", "pip", "rg", "jq",
            "docker", "curl");

    /** Commands that reach npm's registry; a hang fails the test instead of the whole build. */
    private static final Duration NETWORK_LIMIT = Duration.ofMinutes(2);

    private final DockerTestSupport support = new DockerTestSupport();

    @AfterEach
    void cleanUp() {
        support.close();
    }

    static TemplateSettings settings() {
        TemplateSettings settings = TemplateSettings.fromEnvironment();
        return Files.isReadable(HOST_BUNDLE) ? settings.withCaCertificates(HOST_BUNDLE) : settings;
    }

    @Test
    void claudeRunsAsTheAgentWithSudoGitIdentityThePathAndTheToolbox() throws Exception {
        checkAgentTemplate("claude", List.of("claude", "--version"), "(Claude Code)");
    }

    @Test
    void geminiRunsAsTheAgentWithSudoGitIdentityThePathAndTheToolbox() throws Exception {
        checkAgentTemplate("gemini", List.of("gemini", "--version"), ".");
    }

    private void checkAgentTemplate(String agent, List<String> version, String versionText) throws Exception {
        Path workspace = support.newWorkspace(agent);
        try (Sandbox sandbox = builder(workspace, agent).open()) {
            ExecResult cli = sandbox.exec(version.toArray(String[]::new));
            assertEquals(0, cli.exitCode(), cli::toString);
            assertTrue(cli.stdout().contains(versionText), cli::stdout);
            assertEquals("agent", sandbox.exec("id", "-un").stdout().strip());
            assertEquals(0, sandbox.exec("sudo", "-n", "true").exitCode(), "passwordless sudo");
            assertEquals(workspace.toString(), sandbox.exec("pwd").stdout().strip(), "the workspace at its host path");
            assertEquals("Template Tester <tester@example.com>", gitIdentity(sandbox), "the git identity is injected");
            for (String tool : TOOLBOX) {
                assertEquals(0, sandbox.exec("sh", "-c", "command -v " + tool).exitCode(), tool + " is not on PATH");
            }
            assertEquals("builtin:" + agent, sandbox.info().template());
            assertEquals(builtTag(agent), sandbox.info().labels().get(LabelCodec.TEMPLATE_IMAGE));
            assertFalse(sandbox.info().templateOutdated());
            assertTrue(sandbox.exec(agent, "--help").succeeded(), agent + " --help");
            for (CredentialPath path : Agents.named(agent).credentialPaths()) {
                assertEquals(CredentialVolumes.MOUNT_POINT + "/" + path.name(),
                        sandbox.exec("readlink", "/home/agent/" + path.name()).stdout().strip(), "login kept in the volume");
            }
        }
    }

    @Test
    void aPackageTheAgentInstallsGloballyWithNpmIsStillThereAfterReopening() throws Exception {
        Path workspace = support.newWorkspace("npm-global");
        String id;
        try (Sandbox sandbox = builder(workspace, "claude").open()) {
            id = sandbox.id();
            ExecResult install = sandbox.exec(ExecRequest.of("npm", "install", "-g", "--no-audit", "--no-fund", "is-number@7.0.0")
                    .withTimeout(NETWORK_LIMIT));
            assertEquals(0, install.exitCode(), install::toString);
        }
        try (Sandbox reopened = builder(workspace, "claude").open()) {
            assertEquals(id, reopened.id());
            ExecResult listed = reopened.exec("npm", "ls", "-g", "--depth=0");
            assertTrue(listed.stdout().contains("is-number@7.0.0"), listed::toString);
            assertTrue(reopened.exec("test", "-f", "/home/agent/.npm-global/lib/node_modules/is-number/package.json").succeeded(),
                    "installed in the agent's own prefix, without sudo");
        }
    }

    @Test
    void pipInstallsIntoTheAgentsVenvWithoutSudo() throws Exception {
        Path workspace = support.newWorkspace("pip");
        Path wheel = workspace.resolve("sandboxes_demo-1.0-py3-none-any.whl");
        writeWheel(wheel);
        try (Sandbox sandbox = builder(workspace, "claude").open()) {
            ExecResult install = sandbox.exec("pip", "install", "--no-index", wheel.toString());
            assertEquals(0, install.exitCode(), install::toString);
            assertEquals("42", sandbox.exec("python3", "-c", "import sandboxes_demo; print(sandboxes_demo.ANSWER)")
                    .stdout().strip());
        }
    }

    @Test
    void extraCertificatesGivenAtBuildTimeAreTrustedAtRunTimeByTheSystemStoreAndNode() throws Exception {
        Path workspace = support.newWorkspace("tls");
        // Direct: Node's own https ignores HTTPS_PROXY, and the certificates, not the proxy, are the subject here.
        try (Sandbox sandbox = builder(workspace, "claude").network(NetworkPolicy.direct()).open()) {
            ExecResult curl = sandbox.exec(ExecRequest.of("curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}",
                    "https://registry.npmjs.org/is-number").withTimeout(NETWORK_LIMIT));
            assertEquals("200", curl.stdout().strip(), () -> curl + ": " + curl.stderr());
            ExecResult node = sandbox.exec(ExecRequest.of("node", "-e", "require('https').get('https://registry.npmjs.org/is-number',"
                    + " r => { console.log(r.statusCode); process.exit(0); })"
                    + ".on('error', e => { console.error(e.message); process.exit(1); })").withTimeout(NETWORK_LIMIT));
            assertEquals("200", node.stdout().strip(), node::toString);
        }
        // By default, through the egress proxy: curl reads HTTPS_PROXY, and the tunnel keeps the same trust.
        try (Sandbox sandbox = builder(support.newWorkspace("tls-proxy"), "claude").open()) {
            ExecResult curl = sandbox.exec(ExecRequest.of("curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}",
                    "https://registry.npmjs.org/is-number").withTimeout(NETWORK_LIMIT));
            assertEquals("200", curl.stdout().strip(), () -> curl + ": " + curl.stderr());
        }
    }

    @Test
    void extraDebianPackagesAreInstalledOnTopOfTheTemplate() throws Exception {
        Path workspace = support.newWorkspace("packages");
        try (Sandbox sandbox = Sandboxes.forWorkspace(workspace).packages("tree").templateSettings(settings())
                .runtime(DockerTestSupport.runtime()).open()) {
            assertEquals("builtin:base+tree", sandbox.info().template());
            ExecResult tree = sandbox.exec("tree", "--version");
            assertEquals(0, tree.exitCode(), tree::toString);
            assertEquals("agent", sandbox.exec("id", "-un").stdout().strip(), "commands still run as the agent");
        }
    }

    @Test
    void sudoInstallsPackagesWithTheSandboxsCapabilitiesAndSudoFalseTakesItAway() throws Exception {
        try (Sandbox sandbox = builder(support.newWorkspace("apt"), "shell").open()) {
            ExecResult install = sandbox.exec(ExecRequest.shell("sudo -n apt-get update -q >/dev/null"
                    + " && sudo -n apt-get install -y -q --no-install-recommends tree >/dev/null && tree --version")
                    .withTimeout(NETWORK_LIMIT));
            assertEquals(0, install.exitCode(), install::toString);
        }
        try (Sandbox sandbox = builder(support.newWorkspace("nosocket"), "shell").open()) {
            ExecResult engine = sandbox.exec(ExecRequest.of("sudo", "-n", "docker", "version").withTimeout(NETWORK_LIMIT));
            assertTrue(engine.exitCode() != 0 && !engine.stdout().contains("Server:"),
                    "without mountDockerSocket(), even sudo reached an engine: " + engine);
        }
        try (Sandbox locked = builder(support.newWorkspace("nosudo"), "shell").sudo(false).open()) {
            ExecResult sudo = locked.exec("sudo", "-n", "true");
            assertTrue(sudo.exitCode() != 0, "sudo worked under no-new-privileges: " + sudo);
            assertFalse(locked.info().agentUser().orElseThrow().sudo());
        }
    }

    @Test
    void theTemplatesAreListedAsBuiltAndNotBuiltAgain() throws Exception {
        TemplateManager templates = new TemplateManager(DockerTestSupport.runtime(), settings());
        templates.build("claude", progress -> { });
        TemplateManager.TemplateStatus claude = templates.list().stream().filter(t -> t.name().equals("claude"))
                .findFirst().orElseThrow();
        assertTrue(claude.built(), claude::toString);
        assertEquals(builtTag("claude"), claude.image());
        List<TemplateProgress> again = new java.util.ArrayList<>();
        assertEquals(builtTag("claude"), templates.build("claude", again::add));
        assertTrue(again.isEmpty(), () -> "an unchanged template was built again: " + again);
    }

    private static String gitIdentity(Sandbox sandbox) {
        return sandbox.exec("git", "config", "user.name").stdout().strip() + " <"
                + sandbox.exec("git", "config", "user.email").stdout().strip() + ">";
    }

    private static String builtTag(String agent) {
        return ((dev.sandboxes.templates.Template.Built) Agents.named(agent).template()).imageTag(settings());
    }

    private static SandboxBuilder builder(Path workspace, String agent) {
        return Sandboxes.forWorkspace(workspace).agent(agent).templateSettings(settings())
                .gitIdentity("Template Tester", "tester@example.com").runtime(DockerTestSupport.runtime());
    }

    /** A wheel by hand (PyPI is not reachable here): a module and the metadata pip reads. */
    private static void writeWheel(Path wheel) throws IOException {
        String info = "sandboxes_demo-1.0.dist-info/";
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(wheel))) {
            entry(zip, "sandboxes_demo/__init__.py", "ANSWER = 42\n");
            entry(zip, info + "METADATA", "Metadata-Version: 2.1\nName: sandboxes-demo\nVersion: 1.0\n");
            entry(zip, info + "WHEEL", "Wheel-Version: 1.0\nGenerator: hand\nRoot-Is-Purelib: true\nTag: py3-none-any\n");
            entry(zip, info + "RECORD", "sandboxes_demo/__init__.py,,\n" + info + "METADATA,,\n" + info + "WHEEL,,\n"
                    + info + "RECORD,,\n");
        }
        wheel.toFile().setReadable(true, false);
    }

    private static void entry(ZipOutputStream zip, String name, String content) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(content.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }
}
