package dev.sandboxes.spi;

import dev.sandboxes.core.SandboxInfo;
import dev.sandboxes.core.SandboxListener;
import dev.sandboxes.core.SandboxSummary;
import dev.sandboxes.exec.ExecHandle;
import dev.sandboxes.exec.ExecRequest;
import dev.sandboxes.exec.ExecResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Carries out sandbox specs on some engine. The API decides policy (validation, the sensitive-path
 * guard, which settings were asked for); a runtime only does what a spec says. Implementations are
 * thread-safe and expensive to create: callers keep one per engine.
 *
 * <p>Every method throws {@link dev.sandboxes.errors.SandboxException} subclasses only; the engine's own
 * exception types never escape. A third-party runtime proves it behaves like the Docker runtime by
 * passing the testkit's contract suite.
 *
 * <pre>{@code
 * SandboxRuntime runtime = Sandboxes.runtime();
 * SandboxSummary s = runtime.open(spec, Duration.ofMinutes(2), SandboxListener.NONE);
 * }</pre>
 */
public interface SandboxRuntime extends AutoCloseable {

    /** The provider's name, such as {@code "docker"}. */
    String name();

    /** What this runtime runs on, for people: {@code "Docker 28.2.2, API 1.44, at unix:///var/run/docker.sock"}. */
    default String description() {
        return name();
    }

    /**
     * Creates the workspace's sandbox, or reuses it (starting it if stopped). Concurrent calls for
     * one workspace, from any number of threads or processes, end with exactly one sandbox.
     *
     * @throws dev.sandboxes.errors.SandboxConflictException  when it exists with other settings and
     *                                                 {@link SandboxSpec#recreate()} is false
     * @throws dev.sandboxes.errors.SandboxTimeoutException   when it is not ready within {@code timeout}
     * @throws dev.sandboxes.templates.TemplateNotFoundException when the template image does not exist
     */
    SandboxSummary open(SandboxSpec spec, Duration timeout, SandboxListener listener);

    /**
     * The time now by the clock that stamps this runtime's times ({@link SandboxSummary#created()},
     * {@link SandboxInfo#stoppedAt()}): an engine in a VM or on another machine keeps a clock of its
     * own, which may differ from this process's. Times of the runtime are compared with this.
     */
    default java.time.Instant now() {
        return java.time.Instant.now();
    }

    /** Every sandbox of this runtime, in no particular order. */
    List<SandboxSummary> list();

    /** The sandbox of a workspace (a real path), if it has one. */
    Optional<SandboxSummary> findByWorkspace(Path workspace);

    /** Everything about one sandbox, by full id; empty when it does not exist (any more). */
    Optional<SandboxInfo> inspect(String sandboxId);

    /**
     * Runs a command and waits for it. The request's working directory is set (the caller fills in
     * the workspace); an empty user means the agent user.
     *
     * @throws dev.sandboxes.errors.SandboxStateException    when the sandbox is not running
     * @throws dev.sandboxes.errors.SandboxNotFoundException when it does not exist
     */
    default ExecResult exec(String sandboxId, ExecRequest request) {
        return start(sandboxId, request).await();
    }

    /**
     * Starts a command and returns at once; the handle's result completes when it ends. The
     * request's working directory is set; an empty user means the agent user.
     *
     * @throws dev.sandboxes.errors.SandboxStateException    when the sandbox is not running
     * @throws dev.sandboxes.errors.SandboxNotFoundException when it does not exist
     */
    ExecHandle start(String sandboxId, ExecRequest request);

    /** Starts a command that outlives the call, its output to a log file. */
    dev.sandboxes.exec.DetachedExec startDetached(String sandboxId, ExecRequest request);

    /** The detached commands still running (those the agent user can see). */
    List<dev.sandboxes.exec.DetachedExec> detachedExecs(String sandboxId);

    /** Kills a detached command and its children. */
    void killDetached(String sandboxId, String execId);

    /** One file's content. */
    byte[] readFile(String sandboxId, String path);

    /** At most {@code length} bytes of one file from {@code offset}, without reading the rest into memory. */
    byte[] readFile(String sandboxId, String path, long offset, int length);

    /** The entries of one folder (links described, not followed), sorted by name. */
    List<dev.sandboxes.core.FileEntry> listFiles(String sandboxId, String folder);

    /** Deletes a file, link or folder with its content; the API has refused the root and the workspace. */
    void delete(String sandboxId, String path);

    /** Writes one file with this mode and owner. */
    void writeFile(String sandboxId, String path, byte[] content, int mode, int uid, int gid);

    /** Copies a host file or folder in, owned by uid:gid. */
    void copyTo(String sandboxId, Path host, String sandboxPath, int uid, int gid);

    /** Copies a file or folder out to a host path that does not exist yet. */
    void copyFrom(String sandboxId, String sandboxPath, Path host);




    /**
     * Whether this process sees the files of the machine the sandboxes' workspaces are on, so that a
     * workspace missing here is gone there too. Not so for an engine on another machine.
     */
    default boolean seesWorkspaces() {
        return true;
    }


    /**
     * Removes a sandbox only if it is not running; a runtime that can make the check and the removal
     * one step (the engine refusing a running container) does so.
     *
     * @return whether it was removed, or was gone already
     */
    default boolean removeIfStopped(String sandboxId, SandboxListener listener) {
        if (inspect(sandboxId).map(info -> info.status() == dev.sandboxes.core.SandboxStatus.RUNNING).orElse(false)) {
            return false;
        }
        remove(sandboxId, listener);
        return true;
    }

    /**
     * Removes what processes that died left on the engine besides sandboxes (short-lived helper
     * containers, say), never anything a live process may still use. Prune and the testkit's reaper
     * call it.
     *
     * @return what was removed, for people
     */
    default List<String> removeLeftovers() {
        return List.of();
    }

    /** Stops a sandbox; stopping a stopped one is no error. */
    void stop(String sandboxId, SandboxListener listener);

    /** Removes a sandbox, running or not; removing a missing one is no error. */
    void remove(String sandboxId, SandboxListener listener);



    /** Releases the runtime's connections; sandboxes are not affected. */
    @Override
    default void close() {
    }
}
