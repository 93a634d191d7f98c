package dev.sandboxes.mcp;

import dev.sandboxes.agents.Agents;
import dev.sandboxes.errors.InvalidSandboxConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What the operator of an MCP server lets its clients do. The client is an agent, so untrusted:
 * everything not allowed here is refused with an error the model can act on.
 *
 * <ul>
 *   <li><b>Allowed roots</b> (required): the only folders whose workspaces may be opened, and the
 *       only sandboxes any tool may name, list or touch (a sandbox on a branch counts by its
 *       repository, since its worktree lives beside the repository).</li>
 *   <li><b>Agents</b>: all the built-in ones unless narrowed. <b>Templates</b> (images): none but the
 *       agents' own and the checkpoints this server saved, unless named here.</li>
 *   <li><b>Root</b> (off by default): with it off, sandboxes are made with sudo off, commands run as
 *       the agent user only, and sandboxes made elsewhere with sudo are refused.</li>
 *   <li><b>The Docker socket</b> and an <b>open network</b> (both off by default). Without the
 *       latter a sandbox gets its agent's allow-list ({@code NetworkPolicy.forAgent}) or none.</li>
 *   <li>A cap on the sandboxes this server has open (5), an idle stop for them (30 minutes), and
 *       what happens to them when the server stops ({@link OnServerStop#STOP} by default).</li>
 * </ul>
 *
 * <pre>{@code
 * McpPolicy policy = McpPolicy.builder(Path.of("/home/me/src"))
 *         .agents("claude", "shell")
 *         .maxOpenSandboxes(3)
 *         .onServerStop(McpPolicy.OnServerStop.REMOVE)
 *         .build();
 * }</pre>
 */
public final class McpPolicy {

    /** What the server does, when it stops, with the sandboxes it opened. */
    public enum OnServerStop {
        /** Leave them running: the next server, or the CLI, finds them as they were. */
        KEEP,
        /** Stop them, keeping their state (the default): opening the workspace again resumes it. */
        STOP,
        /** Remove them; branches' worktrees and their commits stay on the host. */
        REMOVE
    }

    private final List<Path> roots;
    private final Set<String> agents;
    private final Set<String> templates;
    private final boolean rootAllowed;
    private final boolean dockerSocketAllowed;
    private final boolean openNetworkAllowed;
    private final int maxOpenSandboxes;
    private final Duration idleStop;
    private final OnServerStop onServerStop;

    private McpPolicy(Builder builder) {
        this.roots = List.copyOf(builder.roots);
        this.agents = Set.copyOf(builder.agents);
        this.templates = Set.copyOf(builder.templates);
        this.rootAllowed = builder.rootAllowed;
        this.dockerSocketAllowed = builder.dockerSocketAllowed;
        this.openNetworkAllowed = builder.openNetworkAllowed;
        this.maxOpenSandboxes = builder.maxOpenSandboxes;
        this.idleStop = builder.idleStop;
        this.onServerStop = builder.onServerStop;
    }

    /**
     * A policy that allows workspaces under these folders, and the defaults for everything else.
     *
     * @throws InvalidSandboxConfigException when no folder is given or one does not exist
     */
    public static Builder builder(Path... allowedRoots) {
        return new Builder(List.of(allowedRoots));
    }

    /** The folders, as real paths, under which workspaces may be opened. */
    public List<Path> allowedRoots() {
        return roots;
    }

    public Set<String> agents() {
        return agents;
    }

    public Set<String> templates() {
        return templates;
    }

    public boolean rootAllowed() {
        return rootAllowed;
    }

    public boolean dockerSocketAllowed() {
        return dockerSocketAllowed;
    }

    public boolean openNetworkAllowed() {
        return openNetworkAllowed;
    }

    public int maxOpenSandboxes() {
        return maxOpenSandboxes;
    }

    public Duration idleStop() {
        return idleStop;
    }

    public OnServerStop onServerStop() {
        return onServerStop;
    }

    /** Whether a path (made real first where it exists) lies under an allowed root. */
    boolean allows(Path path) {
        Path real = realOrNormal(path);
        return roots.stream().anyMatch(real::startsWith);
    }

    static Path realOrNormal(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        try {
            return absolute.toRealPath();
        } catch (IOException missing) {
            return absolute;
        }
    }

    @Override
    public String toString() {
        return "McpPolicy[roots=" + roots + ", agents=" + agents + ", templates=" + templates + ", root=" + rootAllowed
                + ", dockerSocket=" + dockerSocketAllowed + ", openNetwork=" + openNetworkAllowed + ", maxOpen="
                + maxOpenSandboxes + ", idleStop=" + idleStop + ", onServerStop=" + onServerStop + "]";
    }

    /** Builds a {@link McpPolicy}; every setting has a safe default. */
    public static final class Builder {
        private final List<Path> roots = new ArrayList<>();
        private Set<String> agents = new LinkedHashSet<>(Agents.builtIns().keySet());
        private final Set<String> templates = new LinkedHashSet<>();
        private boolean rootAllowed;
        private boolean dockerSocketAllowed;
        private boolean openNetworkAllowed;
        private int maxOpenSandboxes = 5;
        private Duration idleStop = Duration.ofMinutes(30);
        private OnServerStop onServerStop = OnServerStop.STOP;

        private Builder(List<Path> allowedRoots) {
            if (allowedRoots.isEmpty()) {
                throw new InvalidSandboxConfigException("An MCP server needs at least one allowed root: the folder under "
                        + "which its clients may open workspaces (McpPolicy.builder(Path.of(\"/home/me/src\"))).");
            }
            for (Path root : allowedRoots) {
                Objects.requireNonNull(root, "allowedRoot");
                if (!Files.isDirectory(root)) {
                    throw new InvalidSandboxConfigException("The allowed root " + root + " is not a folder: give folders that exist.");
                }
                roots.add(realOrNormal(root));
            }
        }

        /** Only these agents may be asked for (the built-in ones by default). */
        public Builder agents(String... names) {
            Set<String> known = Agents.all().keySet();
            for (String name : names) {
                if (!known.contains(name)) {
                    throw new InvalidSandboxConfigException("There is no agent '" + name + "'; the agents are " + known + ".");
                }
            }
            this.agents = new LinkedHashSet<>(List.of(names));
            return this;
        }

        /** These images may also be asked for as templates (none by default). */
        public Builder templates(String... images) {
            templates.addAll(List.of(images));
            return this;
        }

        /** Lets clients have root: sandboxes with sudo, commands as root (off by default). */
        public Builder allowRoot(boolean allowed) {
            this.rootAllowed = allowed;
            return this;
        }

        /** Lets clients ask for the host's Docker socket in a sandbox (off by default). */
        public Builder allowDockerSocket(boolean allowed) {
            this.dockerSocketAllowed = allowed;
            return this;
        }

        /** Lets clients ask for an open network (off by default: the agent's allow-list). */
        public Builder allowOpenNetwork(boolean allowed) {
            this.openNetworkAllowed = allowed;
            return this;
        }

        /** At most this many sandboxes opened by this server at once (5 by default). */
        public Builder maxOpenSandboxes(int max) {
            if (max < 1) {
                throw new InvalidSandboxConfigException("maxOpenSandboxes must be at least 1; it was " + max + ".");
            }
            this.maxOpenSandboxes = max;
            return this;
        }

        /** Sandboxes this server opened stop after this long without a command (30 minutes by default). */
        public Builder idleStop(Duration idle) {
            if (idle.isNegative() || idle.isZero()) {
                throw new InvalidSandboxConfigException("idleStop must be positive; it was " + idle + ".");
            }
            this.idleStop = idle;
            return this;
        }

        /** What happens to the sandboxes this server opened when it stops ({@code STOP} by default). */
        public Builder onServerStop(OnServerStop action) {
            this.onServerStop = Objects.requireNonNull(action, "action");
            return this;
        }

        public McpPolicy build() {
            return new McpPolicy(this);
        }
    }
}
