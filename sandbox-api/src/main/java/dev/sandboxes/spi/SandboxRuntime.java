package dev.sandboxes.spi;

import dev.sandboxes.ExecHandle;
import dev.sandboxes.ExecRequest;
import dev.sandboxes.ExecResult;
import dev.sandboxes.SandboxInfo;
import dev.sandboxes.SandboxListener;
import dev.sandboxes.SandboxSummary;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Carries out sandbox specs on some engine. The API decides policy (validation, the sensitive-path
 * guard, which settings were asked for); a runtime only does what a spec says. Implementations are
 * thread-safe and expensive to create: callers keep one per engine.
 *
 * <p>Every method throws {@link dev.sandboxes.SandboxException} subclasses only; the engine's own
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
     * @throws dev.sandboxes.SandboxConflictException  when it exists with other settings and
     *                                                 {@link SandboxSpec#recreate()} is false
     * @throws dev.sandboxes.SandboxTimeoutException   when it is not ready within {@code timeout}
     * @throws dev.sandboxes.TemplateNotFoundException when the template image does not exist
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
     * @throws dev.sandboxes.SandboxStateException    when the sandbox is not running
     * @throws dev.sandboxes.SandboxNotFoundException when it does not exist
     */
    default ExecResult exec(String sandboxId, ExecRequest request) {
        return dev.sandboxes.internal.Results.join(start(sandboxId, request).result(),
                "The command " + request.argv().get(0));
    }

    /**
     * Starts a command and returns at once; the handle's result completes when it ends. The
     * request's working directory is set; an empty user means the agent user.
     *
     * @throws dev.sandboxes.SandboxStateException    when the sandbox is not running
     * @throws dev.sandboxes.SandboxNotFoundException when it does not exist
     */
    ExecHandle start(String sandboxId, ExecRequest request);

    /** Starts a command that outlives the call, its output to a log file. */
    dev.sandboxes.DetachedExec startDetached(String sandboxId, ExecRequest request);

    /** The detached commands still running (those the agent user can see). */
    List<dev.sandboxes.DetachedExec> detachedExecs(String sandboxId);

    /** Kills a detached command and its children. */
    void killDetached(String sandboxId, String execId);

    /** One file's content. */
    byte[] readFile(String sandboxId, String path);

    /** At most {@code length} bytes of one file from {@code offset}, without reading the rest into memory. */
    byte[] readFile(String sandboxId, String path, long offset, int length);

    /** The entries of one folder (links described, not followed), sorted by name. */
    List<dev.sandboxes.FileEntry> listFiles(String sandboxId, String folder);

    /** Deletes a file, link or folder with its content; the API has refused the root and the workspace. */
    void delete(String sandboxId, String path);

    /** Writes one file with this mode and owner. */
    void writeFile(String sandboxId, String path, byte[] content, int mode, int uid, int gid);

    /** Copies a host file or folder in, owned by uid:gid. */
    void copyTo(String sandboxId, Path host, String sandboxPath, int uid, int gid);

    /** Copies a file or folder out to a host path that does not exist yet. */
    void copyFrom(String sandboxId, String sandboxPath, Path host);

    /** Changes the limits of a sandbox, running or not; unset limits are left as they are. */
    default void updateLimits(String sandboxId, dev.sandboxes.Limits limits) {
        throw new dev.sandboxes.SandboxException("The " + name() + " runtime cannot change limits.");
    }

    /** Changes the rules of a sandbox's open or allow-list network policy; its mode stays. */
    default void updateNetwork(String sandboxId, dev.sandboxes.NetworkPolicy policy) {
        throw new dev.sandboxes.SandboxException("The " + name() + " runtime has no network policies.");
    }

    /**
     * Replaces the credential rules of a sandbox's egress proxy (the agent's key among them, when
     * the caller's sandbox is in proxy mode); the old secrets stop being sent. Never writes a secret
     * where anything but the proxy can read it.
     */
    default void updateCredentials(String sandboxId, List<dev.sandboxes.CredentialRule> rules) {
        throw new dev.sandboxes.SandboxException("The " + name() + " runtime cannot inject credentials.");
    }

    /** The requests a sandbox made through its egress proxy; empty for a sandbox without one. */
    default List<dev.sandboxes.NetworkLogEntry> networkLog(String sandboxId) {
        return List.of();
    }

    /**
     * Whether any command runs in the sandbox now, whoever started it (this process, another one,
     * a detached command): the idle stop leaves a busy sandbox alone.
     */
    default boolean busy(String sandboxId) {
        return !detachedExecs(sandboxId).isEmpty();
    }

    /**
     * Whether this process sees the files of the machine the sandboxes' workspaces are on, so that a
     * workspace missing here is gone there too. Not so for an engine on another machine.
     */
    default boolean seesWorkspaces() {
        return true;
    }

    /**
     * Saves the sandbox's state as an image of that name, usable as a template for new sandboxes;
     * secret variables are saved empty and no credentials go in.
     *
     * @return the image's id
     */
    default String save(String sandboxId, String image) {
        throw new dev.sandboxes.SandboxException("The " + name() + " runtime cannot save sandboxes as images.");
    }

    /**
     * Makes the sandbox afresh from its template, with the same settings, workspace and credentials
     * volume; everything else in it is dropped.
     *
     * @return the new sandbox (a new id)
     */
    default SandboxSummary reset(String sandboxId, SandboxListener listener) {
        throw new dev.sandboxes.SandboxException("The " + name() + " runtime cannot reset sandboxes.");
    }

    /**
     * Removes a sandbox only if it is not running; a runtime that can make the check and the removal
     * one step (the engine refusing a running container) does so.
     *
     * @return whether it was removed, or was gone already
     */
    default boolean removeIfStopped(String sandboxId, SandboxListener listener) {
        if (inspect(sandboxId).map(info -> info.status() == dev.sandboxes.SandboxStatus.RUNNING).orElse(false)) {
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

    /**
     * Makes sure a built template's image exists, building it (and its parents) from its Dockerfile
     * when it does not, with progress told to the listener. Never pulls a built template.
     *
     * @return the image's tag, {@link dev.sandboxes.Template.Built#imageTag}
     * @throws dev.sandboxes.TemplateNotFoundException when the build fails, with the step that failed
     */
    default String buildTemplate(dev.sandboxes.Template.Built template, dev.sandboxes.TemplateSettings settings,
                                 SandboxListener listener) {
        throw new dev.sandboxes.SandboxException("The " + name() + " runtime does not build templates.");
    }

    /** The built template images on the engine, every build of every template. */
    default List<dev.sandboxes.TemplateImage> templateImages() {
        return List.of();
    }

    /**
     * Removes every build of the template of that name.
     *
     * @throws dev.sandboxes.SandboxStateException when a sandbox still uses one
     */
    default void removeTemplateImages(String templateName) {
        throw new dev.sandboxes.SandboxException("The " + name() + " runtime does not build templates.");
    }

    /** Releases the runtime's connections; sandboxes are not affected. */
    @Override
    default void close() {
    }
}
