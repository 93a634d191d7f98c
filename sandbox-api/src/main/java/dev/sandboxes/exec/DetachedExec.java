package dev.sandboxes.exec;

import java.util.Objects;

/**
 * A command started to keep running on its own (a dev server, say), found again by its id.
 *
 * <pre>{@code
 * DetachedExec server = sandbox.startDetached(ExecRequest.of("npm", "run", "dev"));
 * ...
 * sandbox.detachedExecs();          // still running?
 * sandbox.readText(server.log());   // what it printed
 * sandbox.killDetached(server.id());
 * }</pre>
 *
 * @param id      its id, unique in the sandbox
 * @param command its command line, as the sandbox shows it
 * @param log     the file inside the sandbox that receives its stdout and stderr
 */
public record DetachedExec(String id, String command, String log) {

    public DetachedExec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(log, "log");
    }
}
