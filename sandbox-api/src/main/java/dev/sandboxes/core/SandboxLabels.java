package dev.sandboxes.core;

/**
 * The labels of sandboxes that tools and users filter on ({@code docker ps --filter
 * label=dev.sandboxes=true}), and by which the library finds sandboxes. Only containers with
 * {@link #MARKER} set to {@code "true"} are ever listed, attached or removed. The labels that keep a
 * sandbox's settings for the runtimes (env digests, mounts, ports, the agent user...) are the SPI's
 * ({@code dev.sandboxes.spi.LabelCodec}).
 *
 * <pre>{@code
 * docker ps -a --filter label=dev.sandboxes.workspace=/home/me/project
 * }</pre>
 */
public final class SandboxLabels {

    /** The marker: {@code "true"} on every container the library manages. */
    public static final String MARKER = "dev.sandboxes";
    /** The workspace's real path (symlinks resolved). */
    public static final String WORKSPACE = "dev.sandboxes.workspace";
    /** The agent's name. */
    public static final String AGENT = "dev.sandboxes.agent";
    /** The template as requested: {@code builtin:claude} for a built template, else the image. */
    public static final String TEMPLATE = "dev.sandboxes.template";
    /** The network policy: {@code open} or {@code none}. */
    public static final String NETWORK = "dev.sandboxes.network";
    /** The library version that created the sandbox. */
    public static final String VERSION = "dev.sandboxes.version";
    /** The branch of the git worktree the sandbox works on (with {@code branch(...)}). */
    public static final String BRANCH = "dev.sandboxes.branch";
    /** The repository the worktree belongs to (its main checkout). */
    public static final String REPOSITORY = "dev.sandboxes.repository";

    private SandboxLabels() {
    }
}
