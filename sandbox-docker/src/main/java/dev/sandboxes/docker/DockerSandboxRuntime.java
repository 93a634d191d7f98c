package dev.sandboxes.docker;

import dev.sandboxes.ExecResult;
import dev.sandboxes.SandboxInfo;
import dev.sandboxes.SandboxListener;
import dev.sandboxes.SandboxSummary;
import dev.sandboxes.spi.SandboxRuntime;
import dev.sandboxes.spi.SandboxSpec;
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
public final class DockerSandboxRuntime implements SandboxRuntime {

    private final EngineConnection connection;
    private final ContainerLookup lookup;
    private final SandboxOpener opener;
    private final SandboxRemover remover;
    private final DockerExec exec;

    DockerSandboxRuntime(EngineConnection connection) {
        this.connection = connection;
        DockerErrors errors = new DockerErrors(connection.endpoint());
        this.lookup = new ContainerLookup(connection.client(), errors);
        this.remover = new SandboxRemover(connection.client(), errors, lookup);
        SandboxCreator creator = new SandboxCreator(connection.client(), errors, connection.endpoint(),
                connection.host().sharesFileSystemWith(connection.endpoint()));
        this.opener = new SandboxOpener(lookup, creator, remover);
        this.exec = new DockerExec(connection.client(), errors);
    }

    @Override
    public String name() {
        return DockerRuntimeProvider.NAME;
    }

    /** The engine this runtime talks to, and where that was found. */
    public DockerEndpoint endpoint() {
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
        return lookup.all().stream().map(ContainerMapper::summary).toList();
    }

    @Override
    public Optional<SandboxSummary> findByWorkspace(Path workspace) {
        return lookup.byWorkspace(workspace).map(ContainerMapper::summary);
    }

    @Override
    public Optional<SandboxInfo> inspect(String sandboxId) {
        return lookup.inspect(sandboxId).map(ContainerMapper::info);
    }

    @Override
    public ExecResult exec(String sandboxId, List<String> argv, String workingDirectory) {
        return exec.run(sandboxId, argv, workingDirectory);
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
    public void close() {
        connection.close();
    }

    @Override
    public String toString() {
        return "DockerSandboxRuntime[" + connection.endpoint().host() + ", API " + connection.apiVersion() + "]";
    }
}
