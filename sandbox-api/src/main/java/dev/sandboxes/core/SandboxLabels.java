package dev.sandboxes.core;

import dev.sandboxes.templates.TemplateSettings;

/**
 * The labels every sandbox carries. They are part of the API: tools and users may filter on them
 * ({@code docker ps --filter label=dev.sandboxes=true}), and the library finds sandboxes by them.
 * Only containers with {@link #MARKER} set to {@code "true"} are ever listed, attached or removed.
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
    /** The workspace folder's inode at creation, where the platform has one. */
    public static final String WORKSPACE_INODE = "dev.sandboxes.workspace.inode";
    /** The agent's name. */
    public static final String AGENT = "dev.sandboxes.agent";
    /** The template as requested: {@code builtin:claude} for a built template, else the image. */
    public static final String TEMPLATE = "dev.sandboxes.template";
    /** The image a built template was built as when the sandbox was created: {@code sandboxes.invalid/claude:<hash>}. */
    public static final String TEMPLATE_IMAGE = "dev.sandboxes.template.image";
    /** The {@link TemplateSettings#fingerprint()} a built template was built with (base image, certificates). */
    public static final String TEMPLATE_SETTINGS = "dev.sandboxes.template.settings";
    /** {@code "false"} when the sandbox was made with {@code sudo(false)} (no-new-privileges). */
    public static final String SUDO = "dev.sandboxes.sudo";
    /** The OCI runtime asked for, such as {@code runsc}; empty for the engine's default. */
    public static final String OCI_RUNTIME = "dev.sandboxes.oci-runtime";
    /** The network policy: {@code open} or {@code none}. */
    public static final String NETWORK = "dev.sandboxes.network";
    /** The credential mode: {@code sandbox}, {@code env} or {@code none}. */
    public static final String CREDENTIALS = "dev.sandboxes.credentials";
    /** The agent's credential paths linked into its credentials volume: {@code .claude/,.claude.json} (folders end in /). */
    public static final String CREDENTIAL_PATHS = "dev.sandboxes.credentials.paths";
    /** On a credentials volume: the agent whose login it holds. */
    public static final String CREDENTIALS_AGENT = "dev.sandboxes.credentials.agent";
    /** The library version that created the sandbox. */
    public static final String VERSION = "dev.sandboxes.version";
    /** The environment asked for at creation: {@code NAME=digest} pairs, never the values. */
    public static final String ENV_DIGEST = "dev.sandboxes.env.digest";
    /** The extra mounts: one line per mount, {@code host<TAB>sandbox<TAB>ro|rw}. */
    public static final String MOUNTS = "dev.sandboxes.mounts";
    /** The ports asked to be published: {@code sandboxPort:hostAddress:hostPort}, comma-separated (host port 0: any). */
    public static final String PORTS = "dev.sandboxes.ports";
    /** The agent user's uid and gid, {@code uid:gid}. */
    public static final String AGENT_USER = "dev.sandboxes.agent.user";
    /** {@code "true"} when the agent user may use sudo. */
    public static final String AGENT_SUDO = "dev.sandboxes.agent.sudo";
    /** {@code "true"} when the agent user may write to the workspace. */
    public static final String WORKSPACE_WRITABLE = "dev.sandboxes.workspace.writable";
    /** {@code "true"} when the engine's socket is mounted inside. */
    public static final String DOCKER_SOCKET = "dev.sandboxes.docker-socket";
    /** The branch of the git worktree the sandbox works on (with {@code branch(...)}). */
    public static final String BRANCH = "dev.sandboxes.branch";
    /** The commit that branch started from: changes are shown against it. */
    public static final String BRANCH_BASE = "dev.sandboxes.branch.base";
    /** The repository the worktree belongs to (its main checkout). */
    public static final String REPOSITORY = "dev.sandboxes.repository";

    private SandboxLabels() {
    }
}
