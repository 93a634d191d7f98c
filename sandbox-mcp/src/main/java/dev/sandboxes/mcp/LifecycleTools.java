package dev.sandboxes.mcp;

import dev.sandboxes.Sandbox;
import dev.sandboxes.agents.AgentUser;
import dev.sandboxes.core.SandboxInfo;
import dev.sandboxes.core.SandboxSummary;
import dev.sandboxes.git.Worktree;
import dev.sandboxes.git.WorktreeAction;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code sandbox_open}, {@code sandbox_list}, {@code sandbox_info}, {@code sandbox_stop}, {@code sandbox_remove}. */
final class LifecycleTools {

    static final Map<String, Object> SANDBOX_ARGUMENT =
            Schema.string("The sandbox: its id, an id prefix, or its name, as sandbox_open or sandbox_list gave it.");

    private final SandboxAccess access;

    LifecycleTools(SandboxAccess access) {
        this.access = access;
    }

    List<ToolSpec> tools() {
        return List.of(open(), list(), info(), stop(), remove());
    }

    private ToolSpec open() {
        Schema input = Schema.object()
                .required("workspace", Schema.string("Absolute path of the project folder on the server's machine. It is "
                        + "mounted at the same path in the sandbox; nothing else of the machine is."))
                .optional("agent", Schema.string("The agent the sandbox is made for: shell (the default: tools only), "
                        + "claude, gemini or codex."))
                .optional("template", Schema.string("An image to make the sandbox from instead of the agent's own; only "
                        + "the ones the server allows, and checkpoints made by sandbox_save."))
                .optional("env", Schema.stringMap("Environment variables, fixed when the sandbox is made."))
                .optional("branch", Schema.string("Work on this git branch in a worktree of its own beside the repository, "
                        + "so that the checkout stays as it is; sandbox_diff shows what changed on it."))
                .optional("network", Schema.enumeration("agent (the default): the agent's API and package registries; "
                        + "none; open: the internet, if the server allows it.", "agent", "none", "open"))
                .optional("sudo", Schema.bool("Give the agent user passwordless sudo (only if the server allows root)."))
                .optional("docker_socket", Schema.bool("Mount the host's Docker socket (only if the server allows it)."));
        return new ToolSpec("sandbox_open", "Open a sandbox",
                "Opens the sandbox of a workspace, making it the first time and resuming it after that (its installed "
                        + "packages and files persist). Returns its id: pass it as 'sandbox' to the other tools. Commands "
                        + "run as the non-root user 'agent', in the workspace folder.",
                input.input(), summarySchema().output(), ToolSpec.changes("Open a sandbox", true), call -> {
                    Args args = call.args();
                    Sandbox sandbox = access.open(new SandboxAccess.OpenRequest(
                            Path.of(args.requiredString("workspace")),
                            args.string("agent").orElse("shell"),
                            args.string("template"),
                            args.stringMap("env"),
                            args.string("branch"),
                            args.string("network").orElse("agent"),
                            args.bool("sudo", false),
                            args.bool("docker_socket", false)));
                    return summary(sandbox.info().summary(), true);
                });
    }

    private ToolSpec list() {
        Schema output = Schema.object().required("sandboxes",
                Schema.arrayOf("The sandboxes under the server's allowed roots.", summarySchema().nested()));
        return new ToolSpec("sandbox_list", "List sandboxes",
                "Lists the sandboxes this server may use, running or stopped, with their ids and workspaces.",
                Schema.object().input(), output.output(), ToolSpec.readOnly("List sandboxes"), call -> {
                    List<Map<String, Object>> sandboxes = access.visible().stream()
                            .map(summary -> summary(summary, access.openedHere(summary.id()))).toList();
                    return Map.of("sandboxes", sandboxes);
                });
    }

    private ToolSpec info() {
        Schema output = summarySchema()
                .required("agent_user", Schema.nullableString("The user commands run as by default."))
                .required("sudo", Schema.bool("Whether that user has passwordless sudo."))
                .required("docker_socket", Schema.bool("Whether the host's Docker socket is mounted."))
                .required("env_names", Schema.strings("The names of the sandbox's environment variables."))
                .required("branch", Schema.nullableString("The branch it works on, when it has a worktree."))
                .required("ports", Schema.strings("Published ports, as host address:host port -> sandbox port."));
        return new ToolSpec("sandbox_info", "Describe a sandbox",
                "Describes one sandbox: status, workspace, agent, template, user, environment names, branch and ports.",
                Schema.object().required("sandbox", SANDBOX_ARGUMENT).input(), output.output(),
                ToolSpec.readOnly("Describe a sandbox"), call -> {
                    Sandbox sandbox = access.sandbox(call.args());
                    return info(sandbox.info(), sandbox, access.openedHere(sandbox.id()));
                });
    }

    private ToolSpec stop() {
        return new ToolSpec("sandbox_stop", "Stop a sandbox",
                "Stops a sandbox and every command in it, keeping its files and installed packages: sandbox_open on "
                        + "its workspace resumes it.",
                Schema.object().required("sandbox", SANDBOX_ARGUMENT).input(), summarySchema().output(),
                ToolSpec.destroys("Stop a sandbox", true), call -> {
                    Sandbox sandbox = access.sandbox(call.args());
                    sandbox.stop();
                    return summary(sandbox.info().summary(), access.openedHere(sandbox.id()));
                });
    }

    private ToolSpec remove() {
        Schema output = Schema.object()
                .required("removed", Schema.string("The id of the sandbox removed."))
                .required("worktree", Schema.nullableString("The worktree folder, kept or deleted, when it had one."));
        return new ToolSpec("sandbox_remove", "Remove a sandbox",
                "Removes a sandbox and everything in it but the workspace (which is the user's folder and stays). A "
                        + "branch's worktree is kept unless 'delete_worktree' is true; its commits stay in the repository.",
                Schema.object().required("sandbox", SANDBOX_ARGUMENT)
                        .optional("delete_worktree", Schema.bool("Also delete the branch's worktree folder, when it has "
                                + "no uncommitted work (refused otherwise)."))
                        .input(),
                output.output(), ToolSpec.destroys("Remove a sandbox", false), call -> {
                    Sandbox sandbox = access.sandbox(call.args());
                    boolean deleteWorktree = call.args().bool("delete_worktree", false);
                    String worktree = sandbox.worktree().map(Worktree::path).map(Path::toString).orElse(null);
                    sandbox.remove(deleteWorktree ? WorktreeAction.REMOVE : WorktreeAction.KEEP);
                    access.forget(sandbox.id());
                    Map<String, Object> result = new LinkedHashMap<>();
                    result.put("removed", sandbox.id());
                    result.put("worktree", worktree);
                    return result;
                });
    }

    static Schema summarySchema() {
        return Schema.object()
                .required("id", Schema.string("The sandbox's id: pass it as 'sandbox' to the other tools."))
                .required("name", Schema.string("Its name."))
                .required("workspace", Schema.string("The workspace folder, at the same path inside."))
                .required("agent", Schema.string("The agent it was made for."))
                .required("template", Schema.string("The image it was made from."))
                .required("status", Schema.string("running, stopped, ..."))
                .required("created", Schema.string("When it was made (ISO-8601)."))
                .required("opened_by_this_server", Schema.bool("Whether this server opened it (and stops it when it stops)."));
    }

    static Map<String, Object> summary(SandboxSummary summary, boolean openedHere) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("id", summary.id());
        result.put("name", summary.name());
        result.put("workspace", summary.workspace().toString());
        result.put("agent", summary.agent());
        result.put("template", summary.template());
        result.put("status", summary.status().label());
        result.put("created", summary.created().toString());
        result.put("opened_by_this_server", openedHere);
        return result;
    }

    static Map<String, Object> info(SandboxInfo info, Sandbox sandbox, boolean openedHere) {
        Map<String, Object> result = summary(info.summary(), openedHere);
        result.put("agent_user", info.agentUser().map(AgentUser::name).orElse(null));
        result.put("sudo", info.agentUser().map(AgentUser::sudo).orElse(true));
        result.put("docker_socket", info.dockerSocket());
        result.put("env_names", List.copyOf(info.env().keySet()));
        result.put("branch", sandbox.worktree().map(Worktree::branch).orElse(null));
        result.put("ports", info.ports().stream().map(port -> port.hostAddress() + ":" + port.hostPort() + " -> "
                + port.sandboxPort()).toList());
        return result;
    }
}
