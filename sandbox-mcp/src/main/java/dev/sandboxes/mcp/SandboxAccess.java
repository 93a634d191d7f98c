package dev.sandboxes.mcp;

import dev.sandboxes.Sandbox;
import dev.sandboxes.SandboxBuilder;
import dev.sandboxes.SandboxManager;
import dev.sandboxes.Sandboxes;
import dev.sandboxes.agents.AgentUser;
import dev.sandboxes.core.SandboxInfo;
import dev.sandboxes.core.SandboxStatus;
import dev.sandboxes.core.SandboxSummary;
import dev.sandboxes.errors.SandboxException;
import dev.sandboxes.errors.SandboxNotFoundException;
import dev.sandboxes.exec.EnvNames;
import dev.sandboxes.network.NetworkPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way tools reach sandboxes, with the operator's {@link McpPolicy} applied on every call:
 * a sandbox outside the allowed roots is as good as absent, whatever tool names it. Keeps the set of
 * sandboxes this server opened, for the cap and for what happens to them when it stops.
 */
final class SandboxAccess {

    private static final Logger LOG = LoggerFactory.getLogger(SandboxAccess.class);

    /** The only repository {@code sandbox_save} writes to: no client can overwrite another image. */
    static final String CHECKPOINTS = "sandboxes-mcp-checkpoint";

    /** What {@code sandbox_open} asks for. */
    record OpenRequest(Path workspace, String agent, Optional<String> template, Map<String, String> env,
                       Optional<String> branch, String network, boolean sudo, boolean dockerSocket) {
    }

    private final SandboxManager manager;
    private final McpPolicy policy;
    private final Set<String> opened = ConcurrentHashMap.newKeySet();
    /** Sandboxes the policy let through once: their sudo and Docker socket cannot change. */
    private final Set<String> admitted = ConcurrentHashMap.newKeySet();

    SandboxAccess(SandboxManager manager, McpPolicy policy) {
        this.manager = manager;
        this.policy = policy;
    }

    McpPolicy policy() {
        return policy;
    }

    SandboxManager manager() {
        return manager;
    }

    /** Opens (or resumes) the sandbox of a workspace, within the policy. */
    synchronized Sandbox open(OpenRequest request) {
        Path workspace = request.workspace();
        if (!workspace.isAbsolute()) {
            throw new ToolException("The workspace must be an absolute path; '" + workspace + "' is relative.");
        }
        // The roots first: what exists outside them is none of the client's business.
        if (!policy.allows(workspace)) {
            throw new ToolException("The workspace " + workspace + " is outside the folders this server may open: "
                    + policy.allowedRoots() + ". Open a workspace under one of them.");
        }
        if (!Files.isDirectory(workspace)) {
            throw new ToolException("The workspace " + workspace + " is not a folder on the server's machine.");
        }
        if (!policy.agents().contains(request.agent())) {
            throw new ToolException("The agent '" + request.agent() + "' is not allowed here; the allowed agents are "
                    + policy.agents() + ".");
        }
        request.template().ifPresent(this::checkTemplate);
        request.env().forEach((name, value) -> {
            try {
                EnvNames.check(name, value);
            } catch (SandboxException e) {
                throw new ToolException(e.getMessage());
            }
        });
        if (request.sudo() && !policy.rootAllowed()) {
            throw new ToolException("Root is not allowed by this server: sandboxes are made with sudo off. Leave 'sudo' out.");
        }
        if (request.dockerSocket() && !policy.dockerSocketAllowed()) {
            throw new ToolException("The Docker socket is not allowed by this server. Leave 'docker_socket' out.");
        }
        NetworkPolicy network = network(request.network(), request.agent());
        checkCap(workspace);

        // The folder the check saw, links resolved: a link swapped afterwards changes nothing.
        SandboxBuilder builder = Sandboxes.forWorkspace(McpPolicy.realOrNormal(workspace))
                .runtime(manager.runtime())
                .agent(request.agent())
                .env(request.env())
                .network(network)
                .sudo(request.sudo())
                .idleStop(policy.idleStop());
        request.template().ifPresent(builder::template);
        request.branch().ifPresent(builder::branch);
        if (request.dockerSocket()) {
            builder.mountDockerSocket();
        }
        Sandbox sandbox = builder.open();
        opened.add(sandbox.id());
        return sandbox;
    }

    /** The sandbox a tool's {@code sandbox} argument names, when this server may touch it. */
    Sandbox sandbox(Args args) {
        return sandbox(args.requiredString("sandbox"));
    }

    /** The sandbox a tool names, when this server may touch it. */
    Sandbox sandbox(String reference) {
        Sandbox sandbox;
        try {
            sandbox = manager.attach(reference);
        } catch (SandboxNotFoundException e) {
            throw notVisible(reference);
        }
        if (!policy.allows(sandbox.workspace()) && !onAllowedBranch(sandbox)) {
            throw notVisible(reference);
        }
        if (!admitted.contains(sandbox.id())) {
            admit(sandbox);
        }
        return sandbox;
    }

    /**
     * Refuses a sandbox whose settings the policy forbids. Sudo and the Docker socket are fixed when
     * a sandbox is made, so a sandbox passes once, not on every call (an inspect each time).
     */
    private void admit(Sandbox sandbox) {
        if (!policy.rootAllowed() || !policy.dockerSocketAllowed()) {
            SandboxInfo info = sandbox.info();
            if (!policy.rootAllowed() && info.agentUser().map(AgentUser::sudo).orElse(true)) {
                throw new ToolException("The sandbox " + sandbox.name() + " gives root (sudo, or no agent user), which this "
                        + "server does not allow. Open the workspace with sandbox_open instead, after removing it elsewhere.");
            }
            if (!policy.dockerSocketAllowed() && info.dockerSocket()) {
                throw new ToolException("The sandbox " + sandbox.name() + " has the host's Docker socket, which this server "
                        + "does not allow.");
            }
        }
        admitted.add(sandbox.id());
    }

    /** The sandboxes this server may touch. */
    List<SandboxSummary> visible() {
        return manager.list().stream().filter(summary -> policy.allows(summary.workspace())
                || onAllowedBranch(manager.attach(summary.id()))).toList();
    }

    boolean openedHere(String id) {
        return opened.contains(id);
    }

    void forget(String id) {
        opened.remove(id);
    }

    /** Applies {@link McpPolicy#onServerStop()} to the sandboxes this server opened. */
    void shutdown() {
        for (String id : Set.copyOf(opened)) {
            try {
                switch (policy.onServerStop()) {
                    case STOP -> manager.stop(id);
                    case REMOVE -> manager.remove(id);
                    case KEEP -> { }
                }
            } catch (SandboxNotFoundException gone) {
                LOG.debug("Sandbox {} was already gone", id);
            } catch (RuntimeException e) {
                LOG.warn("Could not {} sandbox {} as the server stopped: {}", policy.onServerStop(), id, e.getMessage());
            }
        }
        opened.clear();
    }

    /** On a branch of a repository under an allowed root: its worktree lives beside the repository. */
    private boolean onAllowedBranch(Sandbox sandbox) {
        return sandbox.worktree().map(tree -> policy.allows(tree.repository())).orElse(false);
    }

    private void checkTemplate(String template) {
        if (!policy.templates().contains(template) && !template.startsWith(CHECKPOINTS + ":")) {
            throw new ToolException("The template '" + template + "' is not allowed here. Leave 'template' out to use the "
                    + "agent's own, or use one of " + policy.templates() + " or a checkpoint that sandbox_save made ("
                    + CHECKPOINTS + ":<name>).");
        }
    }

    private NetworkPolicy network(String network, String agent) {
        return switch (network) {
            case "agent" -> NetworkPolicy.forAgent(agent);
            case "none" -> NetworkPolicy.none();
            case "open" -> {
                if (!policy.openNetworkAllowed()) {
                    throw new ToolException("An open network is not allowed by this server: use 'agent' (the agent's API "
                            + "and the package registries) or 'none'.");
                }
                yield NetworkPolicy.open();
            }
            default -> throw new ToolException("The network must be 'agent', 'none' or 'open'; it was '" + network + "'.");
        };
    }

    private void checkCap(Path workspace) {
        List<SandboxSummary> mine = manager.list().stream().filter(summary -> opened.contains(summary.id())).toList();
        opened.retainAll(mine.stream().map(SandboxSummary::id).toList());
        Path real = McpPolicy.realOrNormal(workspace);
        boolean reopening = mine.stream().anyMatch(summary -> McpPolicy.realOrNormal(summary.workspace()).equals(real));
        long running = mine.stream().filter(summary -> summary.status() == SandboxStatus.RUNNING).count();
        if (!reopening && running >= policy.maxOpenSandboxes()) {
            throw new ToolException("This server already has " + running + " sandboxes running, its cap: stop or remove one "
                    + "(sandbox_stop, sandbox_remove) before opening another.");
        }
    }

    private ToolException notVisible(String reference) {
        return new ToolException("There is no sandbox '" + reference + "' that this server may use. sandbox_list shows "
                + "the ones it may; sandbox_open opens a workspace.");
    }
}
