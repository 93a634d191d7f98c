package dev.sandboxes;

import dev.sandboxes.agents.CredentialMode;
import dev.sandboxes.agents.SandboxAgent;
import dev.sandboxes.core.FileEntry;
import dev.sandboxes.core.Limits;
import dev.sandboxes.core.SandboxInfo;
import dev.sandboxes.errors.InvalidSandboxConfigException;
import dev.sandboxes.errors.SandboxNotFoundException;
import dev.sandboxes.errors.SandboxStateException;
import dev.sandboxes.exec.AuditEntry;
import dev.sandboxes.exec.DetachedExec;
import dev.sandboxes.exec.ExecHandle;
import dev.sandboxes.exec.ExecRequest;
import dev.sandboxes.exec.ExecResult;
import dev.sandboxes.git.WorkspaceChanges;
import dev.sandboxes.git.Worktree;
import dev.sandboxes.git.WorktreeAction;
import dev.sandboxes.network.CredentialRule;
import dev.sandboxes.network.NetworkLogEntry;
import dev.sandboxes.network.NetworkPolicy;
import java.nio.file.Path;

/**
 * A handle on the one sandbox of a workspace. Obtained from {@link SandboxBuilder#open()} or
 * {@link Sandboxes#attach(String)}; safe to use from many threads.
 *
 * <p>{@link #close()} only detaches the handle: the sandbox keeps running and keeps its state, and
 * the next {@code open()} of the workspace reuses it. {@link #stop()} and {@link #remove()} are the
 * explicit ways to end it.
 *
 * <pre>{@code
 * try (Sandbox sandbox = Sandboxes.forWorkspace(Path.of(".")).template("node:22").open()) {
 *     ExecResult r = sandbox.exec("npm", "test");
 *     System.out.println(r.stdout());
 * }
 * }</pre>
 */
public interface Sandbox extends AutoCloseable {

    /** The sandbox's full id. */
    String id();

    /** The sandbox's unique name. */
    String name();

    /** The workspace's real path; the same path inside the sandbox, and the working directory of every command. */
    Path workspace();

    /** The sandbox as it is now: status, template, labels, settings (secret values masked). */
    SandboxInfo info();

    /**
     * The sandbox's agent, to run headless with a prompt or interactively on a terminal.
     *
     * @throws InvalidSandboxConfigException when the sandbox's agent is not known here (one of
     *                                       another process's own, say)
     */
    SandboxAgent agent();

    /**
     * Runs a command in the workspace folder and waits for it to end. No shell is added: pass
     * {@code "sh", "-c", "..."} for one.
     *
     * @throws SandboxStateException when the sandbox is not running
     */
    ExecResult exec(String... argv);

    /**
     * Runs a command as asked (another user, another folder) and waits for it to end.
     *
     * @throws SandboxStateException when the sandbox is not running
     */
    ExecResult exec(ExecRequest request);

    /**
     * Starts a command and returns at once: its output goes to the request's listener as it comes,
     * its standard input is open when asked ({@link ExecRequest#withStdinOpen()}), and it can be
     * waited for or killed through the handle.
     *
     * @throws SandboxStateException when the sandbox is not running
     */
    ExecHandle start(ExecRequest request);

    /**
     * Starts a command that keeps running after this call returns and after the handle is gone,
     * its output going to a log file in the sandbox. The request's listener, stdin and timeout do
     * not apply.
     */
    DetachedExec startDetached(ExecRequest request);

    /** The detached commands of the agent user that are still running. */
    java.util.List<DetachedExec> detachedExecs();

    /** Kills a detached command and every process it started; a finished one is no error. */
    void killDetached(String id);

    /**
     * The content of one file of the sandbox.
     *
     * @throws SandboxNotFoundException when the file (or the sandbox) does not exist
     */
    byte[] readFile(String path);

    /**
     * Part of one file of the sandbox: at most {@code length} bytes from byte {@code offset}, fewer
     * at its end, none past it. Only that part is held in memory, so a large file can be read in
     * pieces.
     *
     * <pre>{@code
     * byte[] head = sandbox.readFile("/var/log/build.log", 0, 64 * 1024);
     * }</pre>
     *
     * @throws SandboxNotFoundException       when the file (or the sandbox) does not exist
     * @throws InvalidSandboxConfigException  when the offset or length is negative, or the path is a folder
     */
    byte[] readFile(String path, long offset, int length);

    /**
     * The entries of one folder of the sandbox, by name, without {@code .} and {@code ..}; links
     * are described, not followed (the folder itself may be reached through one).
     *
     * @throws SandboxNotFoundException      when the folder (or the sandbox) does not exist
     * @throws InvalidSandboxConfigException when the path is not a folder
     */
    java.util.List<FileEntry> listFiles(String folder);

    /**
     * Deletes a file, a symbolic link (not what it points to), or a folder with everything in it.
     * The root folder and the workspace's own folder are refused: delete what is in them instead.
     *
     * @throws SandboxNotFoundException      when nothing is at the path (or the sandbox does not exist)
     * @throws InvalidSandboxConfigException when the path is the root or the workspace folder
     */
    void delete(String path);

    /** The content of one file of the sandbox, as UTF-8 text. */
    default String readText(String path) {
        return new String(readFile(path), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Writes one file, owned by the agent user, mode 0644; its folder must exist. */
    void writeFile(String path, byte[] content);

    /** Writes one file with this mode and owner; its folder must exist. */
    void writeFile(String path, byte[] content, int mode, int uid, int gid);

    /** Writes one file of UTF-8 text, owned by the agent user. */
    default void writeText(String path, String text) {
        writeFile(path, text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /**
     * Copies a host file or folder (with its modes) into the sandbox at {@code sandboxPath}, owned by
     * the agent user; the parent folder must exist.
     */
    void copyTo(Path host, String sandboxPath);

    /**
     * Copies a file or folder of the sandbox to {@code host} (which must not exist yet), with its
     * modes. Entries that would land outside {@code host} are refused.
     */
    void copyFrom(String sandboxPath, Path host);

    /**
     * Changes the resource limits of the sandbox while it runs; limits left unset are not changed.
     *
     * @throws SandboxStateException when the engine refuses (memory below what is in use, say)
     */
    void updateLimits(Limits limits);

    /**
     * Changes the rules of the sandbox's open or allow-list network policy while it runs. The mode
     * (open, allow list, none, direct) is fixed at creation.
     *
     * @throws SandboxStateException when the policy's mode is not the sandbox's, or the sandbox has
     *                               no egress proxy (none, direct, or made before open mode had one)
     */
    void updateNetwork(NetworkPolicy policy);

    /**
     * Replaces the sandbox's {@link CredentialRule credential rules} while it runs: a rotated secret
     * is sent from the next request on, and the old one never again. In {@link CredentialMode#PROXY}
     * the agent's own key stays (give a new one with {@code apiKey(...)} on a new open).
     *
     * <pre>{@code
     * sandbox.updateCredentials(List.of(CredentialRule.header("api.github.com", "Authorization",
     *         "Bearer {secret}", Secret.fromEnv("GH_TOKEN_NEW"))));
     * }</pre>
     *
     * @throws SandboxStateException when the sandbox has no egress proxy, or was made without trust in
     *                               its proxy's certificate authority (no rules and no proxy mode then)
     */
    void updateCredentials(java.util.List<CredentialRule> rules);

    /**
     * The requests the sandbox made through its egress proxy, allowed or blocked, oldest first (the
     * last ten thousand); empty for a sandbox without an egress proxy (none, direct).
     */
    java.util.List<NetworkLogEntry> networkLog();

    /** Stops the sandbox, keeping its state; the next {@code open()} of the workspace starts it again. */
    void stop();

    /**
     * Removes the sandbox and everything in it outside the workspace; the handle is closed after. A
     * sandbox on a branch keeps its worktree: see {@link #remove(WorktreeAction)}.
     */
    void remove();

    /**
     * Removes the sandbox, and with {@link WorktreeAction#REMOVE} its worktree folder too (refused,
     * changing nothing, while the worktree holds uncommitted work). The branch stays.
     *
     * @throws SandboxStateException when the worktree holds uncommitted work and the action is REMOVE
     */
    void remove(WorktreeAction worktree);

    /**
     * The sandbox's audit log, oldest first: every command, agent run and detached command run
     * through a handle of it, by any process of this machine's user, with time, user, argv (secret
     * values masked), exit code and duration. It outlives the processes that wrote it.
     */
    java.util.List<AuditEntry> auditLog();

    /**
     * Saves the sandbox's current state as an image (like {@code docker sandbox save}), to open new
     * sandboxes from with {@code template(image)}: a prepared environment, forked. Secret variables
     * are saved empty, and the agent's login does not go in (it lives in its own volume). Everything
     * else in the sandbox's files does, secrets a command left there included ({@code ~/.npmrc}
     * tokens, {@code ~/.git-credentials}, logs): save a sandbox you would hand to others.
     *
     * <pre>{@code
     * prepared.save("my-app-env:1");
     * Sandboxes.forWorkspace(other).template("my-app-env:1").open();
     * }</pre>
     *
     * @return the image's id
     */
    String save(String image);

    /**
     * Makes the sandbox afresh from its template, with the same settings: the workspace and the
     * credentials volume stay, everything else (installed packages, files in the home) goes. This
     * handle is closed; use the one returned.
     */
    Sandbox reset();

    /** The git worktree this sandbox works on, when it was opened with {@code branch(...)}. */
    java.util.Optional<Worktree> worktree();

    /**
     * What the agent changed on its branch: the files and the diff against the commit the branch
     * started from, committed or not.
     *
     * @throws SandboxStateException when the sandbox was not opened with {@code branch(...)}
     */
    WorkspaceChanges changes();

    /** Detaches this handle; the sandbox keeps running. Safe to call more than once. */
    @Override
    void close();
}
