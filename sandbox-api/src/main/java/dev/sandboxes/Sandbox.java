package dev.sandboxes;

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

    /** Stops the sandbox, keeping its state; the next {@code open()} of the workspace starts it again. */
    void stop();

    /** Removes the sandbox and everything in it outside the workspace; the handle is closed after. */
    void remove();

    /** Detaches this handle; the sandbox keeps running. Safe to call more than once. */
    @Override
    void close();
}
