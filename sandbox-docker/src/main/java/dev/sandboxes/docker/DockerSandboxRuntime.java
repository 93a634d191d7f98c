package dev.sandboxes.docker;

import dev.sandboxes.core.Limits;
import dev.sandboxes.core.SandboxInfo;
import dev.sandboxes.core.SandboxListener;
import dev.sandboxes.core.SandboxSummary;
import dev.sandboxes.exec.DetachedExec;
import dev.sandboxes.exec.ExecHandle;
import dev.sandboxes.exec.ExecRequest;
import dev.sandboxes.network.NetworkLogEntry;
import dev.sandboxes.network.NetworkPolicy;
import dev.sandboxes.spi.BuildsTemplates;
import dev.sandboxes.spi.ChangesLimits;
import dev.sandboxes.spi.ControlsNetwork;
import dev.sandboxes.spi.SandboxRuntime;
import dev.sandboxes.spi.SandboxSpec;
import dev.sandboxes.spi.SavesAndResets;
import dev.sandboxes.spi.LabelCodec;
import dev.sandboxes.spi.TracksActivity;
import dev.sandboxes.templates.Template;
import dev.sandboxes.templates.TemplateBuild;
import dev.sandboxes.templates.TemplateSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Sandboxes as containers on one Docker engine. Holds one docker-java client, built once: keep the
 * runtime for as long as you work with that engine ({@link dev.sandboxes.Sandboxes#runtime()} does).
 *
 * <pre>{@code
 * SandboxRuntime docker = new DockerRuntimeProvider().create(RuntimeConfig.fromHost());
 * try (Sandbox sandbox = Sandboxes.forWorkspace(dir).template("node:22").runtime(docker).open()) {
 *     sandbox.exec("node", "--version");
 * }
 * }</pre>
 */
public final class DockerSandboxRuntime
        implements SandboxRuntime, BuildsTemplates, SavesAndResets, ControlsNetwork, ChangesLimits, TracksActivity {

    private final EngineConnection connection;
    private final ContainerLookup lookup;
    private final SandboxOpener opener;
    private final SandboxRemover remover;
    private final DockerExec exec;
    private final SandboxFiles files;
    private final FileCommands fileCommands;
    private final DetachedExecs detached;
    private final TemplateBuilder templates;
    private final TemplateImages templateImages;
    private final EngineLimits limits;
    private final EgressProxies egress;
    private final SandboxSaver saver;
    private final SandboxResetter resetter;
    private final LeftoverProbes leftoverProbes;
    private final EngineClock clock;

    DockerSandboxRuntime(EngineConnection connection) {
        this(connection, SandboxOpener.DEFAULT_TAKEOVER_GRACE, false);
    }

    /**
     * @param takeoverGrace  how long an unstarted container is left to its creator
     * @param alwaysReadBack read back the workspace mount even on an engine of this machine (tests)
     */
    DockerSandboxRuntime(EngineConnection connection, Duration takeoverGrace, boolean alwaysReadBack) {
        this.connection = connection;
        DockerEndpoint endpoint = connection.endpoint();
        boolean local = connection.host().provablyLocal(endpoint);
        DockerErrors errors = new DockerErrors(endpoint);
        WorkspaceMountCheck mountCheck = new WorkspaceMountCheck(connection.client(), errors, endpoint,
                alwaysReadBack ? Optional.empty() : Optional.of(connection.host()));
        ContainerControl control = new ContainerControl(connection.client(), errors, mountCheck);
        this.lookup = new ContainerLookup(connection.client(), errors);
        Path socketSource = endpoint.socketPath().filter(socket -> local).orElse(Path.of(SandboxCreator.SOCKET_IN_SANDBOX));
        this.limits = new EngineLimits(connection.client(), errors);
        SandboxCreator creator = new SandboxCreator(connection.client(), errors, mountCheck, socketSource,
                endpoint.socketPath(), new CredentialVolumes(connection.client(), errors), limits);
        ImagePuller puller = new ImagePuller(connection.client(), errors, endpoint);
        this.leftoverProbes = new LeftoverProbes(connection.client(), errors);
        this.clock = new EngineClock(connection.client(), errors);
        ImageFactsReader images = new ImageFactsReader(connection.client(), errors, puller, leftoverProbes);
        this.templates = new TemplateBuilder(connection.client(), errors, puller);
        this.templateImages = new TemplateImages(connection.client(), errors);
        this.exec = new DockerExec(connection.client(), errors, endpoint, connection.apiVersion());
        this.egress = new EgressProxies(connection.client(), errors, templates, exec,
                new EgressNetworks(connection.client(), EgressNetworks.poolFromEnvironment()));
        this.remover = new SandboxRemover(lookup, control, egress);
        this.detached = new DetachedExecs(connection.client(), errors, exec);
        this.files = new SandboxFiles(connection.client(), connection.http(), errors, connection.apiVersion());
        this.fileCommands = new FileCommands(exec);
        this.opener = new SandboxOpener(lookup, creator, control, mountCheck, remover, images, templates, limits, egress, exec,
                connection.host().keepsHostOwners(endpoint), takeoverGrace);
        this.saver = new SandboxSaver(connection.client(), errors, lookup);
        this.resetter = new SandboxResetter(connection.client(), errors, lookup, control, opener);
    }

    @Override
    public String name() {
        return DockerRuntimeProvider.NAME;
    }

    @Override
    public String description() {
        return "Docker " + engineVersion() + ", API " + apiVersion() + ", at " + endpoint().host();
    }

    /** The engine this runtime talks to, and where that was found. */
    DockerEndpoint endpoint() {
        return connection.endpoint();
    }

    /** The Engine API version in use: the lower of the engine's and the newest this library knows. */
    public String apiVersion() {
        return connection.apiVersion();
    }

    /** The engine's own version, such as {@code 20.10.24}. */
    public String engineVersion() {
        return connection.engineVersion();
    }

    @Override
    public SandboxSummary open(SandboxSpec spec, Duration timeout, SandboxListener listener) {
        return opener.open(spec, timeout, listener);
    }

    @Override
    public List<SandboxSummary> list() {
        return lookup.all();
    }

    @Override
    public Optional<SandboxSummary> findByWorkspace(Path workspace) {
        return lookup.byWorkspace(workspace);
    }

    /** The engine's own time: it stamps the sandboxes' times, and its clock may not be this machine's. */
    @Override
    public java.time.Instant now() {
        return clock.now();
    }

    @Override
    public List<String> removeLeftovers() {
        List<String> removed = new java.util.ArrayList<>(leftoverProbes.removeDead());
        removed.addAll(egress.removeOrphans());
        return removed;
    }

    @Override
    public Optional<SandboxInfo> inspect(String sandboxId) {
        return lookup.info(sandboxId).map(this::withProxyPorts);
    }

    /** A sandbox behind an egress proxy publishes its ports on the proxy: the ports are read there. */
    private SandboxInfo withProxyPorts(SandboxInfo info) {
        if (info.summary().status() != dev.sandboxes.core.SandboxStatus.RUNNING || LabelCodec.ports(info.summary().labels()).isEmpty()
                || EgressProxies.Names.of(info.summary()).isEmpty()) {
            return info;
        }
        return new SandboxInfo(info.summary(), info.env(), info.mounts(), info.dockerSocket(), egress.ports(info.summary()),
                info.agentUser(), info.workspaceWritable(), info.templateOutdated(), info.limits(), info.stoppedAt());
    }

    @Override
    public ExecHandle start(String sandboxId, ExecRequest request) {
        return exec.start(sandboxId, request);
    }

    @Override
    public DetachedExec startDetached(String sandboxId, ExecRequest request) {
        return detached.start(sandboxId, request);
    }

    @Override
    public List<DetachedExec> detachedExecs(String sandboxId) {
        return detached.list(sandboxId);
    }

    @Override
    public void killDetached(String sandboxId, String execId) {
        detached.kill(sandboxId, execId);
    }

    @Override
    public byte[] readFile(String sandboxId, String path) {
        return files.readFile(sandboxId, path);
    }

    @Override
    public byte[] readFile(String sandboxId, String path, long offset, int length) {
        return fileCommands.readPart(sandboxId, path, offset, length);
    }

    @Override
    public List<dev.sandboxes.core.FileEntry> listFiles(String sandboxId, String folder) {
        return fileCommands.list(sandboxId, folder);
    }

    @Override
    public void delete(String sandboxId, String path) {
        fileCommands.delete(sandboxId, path);
    }

    @Override
    public void writeFile(String sandboxId, String path, byte[] content, int mode, int uid, int gid) {
        files.writeFile(sandboxId, path, content, mode, uid, gid);
    }

    @Override
    public void copyTo(String sandboxId, Path host, String sandboxPath, int uid, int gid) {
        files.copyTo(sandboxId, host, sandboxPath, uid, gid);
    }

    @Override
    public void copyFrom(String sandboxId, String sandboxPath, Path host) {
        files.copyFrom(sandboxId, sandboxPath, host);
    }

    @Override
    public void updateLimits(String sandboxId, Limits asked) {
        SandboxInfo info = lookup.info(sandboxId).orElseThrow(() -> new dev.sandboxes.errors.SandboxNotFoundException(
                "The sandbox " + sandboxId + " does not exist (any more)."));
        limits.update(sandboxId, asked, info.limits());
    }

    @Override
    public void updateNetwork(String sandboxId, NetworkPolicy policy) {
        egress.update(summaryOf(sandboxId), policy);
    }

    @Override
    public void updateCredentials(String sandboxId, List<dev.sandboxes.network.CredentialRule> rules) {
        egress.updateCredentials(summaryOf(sandboxId), rules);
    }

    @Override
    public List<NetworkLogEntry> networkLog(String sandboxId) {
        return egress.log(summaryOf(sandboxId));
    }

    private SandboxSummary summaryOf(String sandboxId) {
        return lookup.summary(sandboxId).orElseThrow(() -> new dev.sandboxes.errors.SandboxNotFoundException(
                "The sandbox " + sandboxId + " does not exist (any more)."));
    }

    /**
     * The engine lists a container's execs, created ones too (an exec whose start failed stays
     * listed): each is asked whether it runs. Detached commands run past their exec.
     */
    @Override
    public boolean busy(String sandboxId) {
        List<String> execs = lookup.inspect(sandboxId).map(container -> container.getExecIds()).orElse(null);
        boolean running = execs != null && execs.stream().anyMatch(execId -> {
            try {
                return Boolean.TRUE.equals(connection.client().inspectExecCmd(execId).exec().isRunning());
            } catch (RuntimeException gone) {
                return false;  // ended and forgotten meanwhile
            }
        });
        return running || !detached.list(sandboxId).isEmpty();
    }

    /**
     * A workspace is a path on the engine's machine: this process sees it only when it runs there
     * too, as proven (a socket alone proves nothing: a container may hold the host's).
     */
    @Override
    public boolean seesWorkspaces() {
        return connection.host().provablyLocal(endpoint());
    }

    @Override
    public boolean removeIfStopped(String sandboxId, SandboxListener listener) {
        return remover.removeIfStopped(sandboxId, listener);
    }

    @Override
    public String save(String sandboxId, String image) {
        return saver.save(sandboxId, image);
    }

    @Override
    public SandboxSummary reset(String sandboxId, dev.sandboxes.spi.GitIdentitySource gitIdentity, SandboxListener listener) {
        return resetter.reset(sandboxId, gitIdentity, listener);
    }

    @Override
    public void stop(String sandboxId, SandboxListener listener) {
        remover.stop(sandboxId, listener);
    }

    @Override
    public void remove(String sandboxId, SandboxListener listener) {
        remover.remove(sandboxId, listener);
    }

    @Override
    public String buildTemplate(Template.Built template, TemplateSettings settings, SandboxListener listener) {
        return templates.ensureBuilt(template, settings, listener);
    }

    @Override
    public List<TemplateBuild> templateImages() {
        return templateImages.list();
    }

    @Override
    public void removeTemplateImages(String templateName) {
        templateImages.remove(templateName);
    }

    @Override
    public void close() {
        exec.close();
        connection.close();
    }

    @Override
    public String toString() {
        return "DockerSandboxRuntime[" + connection.endpoint().host() + ", API " + connection.apiVersion() + "]";
    }
}
