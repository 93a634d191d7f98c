package dev.sandboxes.spi;

import dev.sandboxes.agents.AgentUser;
import dev.sandboxes.agents.CredentialMode;
import dev.sandboxes.agents.CredentialPath;
import dev.sandboxes.core.Mount;
import dev.sandboxes.core.SandboxLabels;
import dev.sandboxes.git.Worktree;
import dev.sandboxes.network.NetworkPolicy;
import dev.sandboxes.network.PublishedPort;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The format of the settings a sandbox keeps in its labels: how each is written and read back, so
 * that every runtime stores and reads them the same way. Which labels a new sandbox gets, and
 * whether an existing one may serve a spec, the API decides ({@link SandboxSpec.Policy}); this class only
 * encodes and decodes. An env is kept as digests, never values.
 *
 * <pre>{@code
 * List<PublishedPort> ports = LabelCodec.ports(summary.labels());
 * Optional<AgentUser> agent = LabelCodec.agentUser(summary.labels());
 * }</pre>
 */
public final class LabelCodec {

    /** The workspace folder's inode at creation, where the platform has one. */
    public static final String WORKSPACE_INODE = "dev.sandboxes.workspace.inode";
    /** The image a built template was built as when the sandbox was created: {@code sandboxes.invalid/claude:<hash>}. */
    public static final String TEMPLATE_IMAGE = "dev.sandboxes.template.image";
    /** The {@link dev.sandboxes.templates.TemplateSettings#fingerprint()} a built template was built with (base image, certificates). */
    public static final String TEMPLATE_SETTINGS = "dev.sandboxes.template.settings";
    /** {@code "false"} when the sandbox was made with {@code sudo(false)} (no-new-privileges). */
    public static final String SUDO = "dev.sandboxes.sudo";
    /** The OCI runtime asked for, such as {@code runsc}; empty for the engine's default. */
    public static final String OCI_RUNTIME = "dev.sandboxes.oci-runtime";
    /** The credential mode: {@code sandbox}, {@code env} or {@code none}. */
    public static final String CREDENTIALS = "dev.sandboxes.credentials";
    /** The agent's credential paths linked into its credentials volume: {@code .claude/,.claude.json} (folders end in /). */
    public static final String CREDENTIAL_PATHS = "dev.sandboxes.credentials.paths";
    /** On a credentials volume: the agent whose login it holds. */
    public static final String CREDENTIALS_AGENT = "dev.sandboxes.credentials.agent";
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
    /** The commit that branch started from: changes are shown against it. */
    public static final String BRANCH_BASE = "dev.sandboxes.branch.base";

    private static final String READ_ONLY = "ro";
    private static final String READ_WRITE = "rw";

    private LabelCodec() {
    }

    /** The git worktree a sandbox works on, from its labels; empty when it was not opened on a branch. */
    public static Optional<Worktree> worktree(Map<String, String> labels) {
        String branch = labels.get(SandboxLabels.BRANCH);
        String base = labels.get(LabelCodec.BRANCH_BASE);
        String repository = labels.get(SandboxLabels.REPOSITORY);
        String workspace = labels.get(SandboxLabels.WORKSPACE);
        // A sandbox made from a saved image inherits these labels empty (see Sandbox.save).
        if (isBlank(branch) || isBlank(base) || isBlank(repository) || isBlank(workspace)) {
            return Optional.empty();
        }
        return Optional.of(new Worktree(Path.of(repository), branch, base, Path.of(workspace)));
    }

    /** The network policy's mode recorded in a sandbox's labels; open for sandboxes made before it was recorded. */
    public static NetworkPolicy.Mode networkMode(Map<String, String> labels) {
        String mode = labels.get(SandboxLabels.NETWORK);
        return java.util.Arrays.stream(NetworkPolicy.Mode.values())
                .filter(m -> m.label().equals(mode))
                .findFirst().orElse(NetworkPolicy.Mode.OPEN);
    }

    /** The credential mode recorded in a sandbox's labels; none for sandboxes made before it was recorded. */
    public static CredentialMode credentials(Map<String, String> labels) {
        String mode = labels.get(LabelCodec.CREDENTIALS);
        return java.util.Arrays.stream(CredentialMode.values()).filter(m -> credentialLabel(m).equals(mode))
                .findFirst().orElse(CredentialMode.NONE);
    }

    /** The label that records which credential paths were linked into a sandbox's credentials volume. */
    public static Map<String, String> credentialPathLabels(List<CredentialPath> paths) {
        return Map.of(LabelCodec.CREDENTIAL_PATHS, String.join(",",
                paths.stream().map(p -> p.name() + (p.folder() ? "/" : "")).toList()));
    }

    /** The credential paths linked into a sandbox's credentials volume; empty when it has none. */
    public static List<CredentialPath> credentialPaths(Map<String, String> labels) {
        List<CredentialPath> paths = new ArrayList<>();
        for (String path : labels.getOrDefault(LabelCodec.CREDENTIAL_PATHS, "").split(",")) {
            if (!path.isEmpty()) {
                paths.add(path.endsWith("/") ? CredentialPath.folder(path.substring(0, path.length() - 1))
                        : CredentialPath.file(path));
            }
        }
        return paths;
    }

    /** The label value of a credential mode. */
    public static String credentialLabel(CredentialMode mode) {
        return mode.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The extra mounts recorded in a sandbox's labels. */
    public static List<Mount> mounts(Map<String, String> labels) {
        String encoded = labels.getOrDefault(LabelCodec.MOUNTS, "");
        List<Mount> mounts = new ArrayList<>();
        for (String line : encoded.split("\n")) {
            String[] fields = line.split("\t");
            if (fields.length == 3) {
                mounts.add(new Mount(Path.of(fields[0]), fields[1], READ_ONLY.equals(fields[2])));
            }
        }
        return mounts;
    }

    /** The ports asked for at creation, as recorded in a sandbox's labels (host port 0: the engine chose). */
    public static List<PublishedPort> ports(Map<String, String> labels) {
        List<PublishedPort> ports = new ArrayList<>();
        for (String port : labels.getOrDefault(LabelCodec.PORTS, "").split(",")) {
            String[] fields = port.split(":");
            if (fields.length == 3) {
                ports.add(new PublishedPort(Integer.parseInt(fields[0]), fields[1], Integer.parseInt(fields[2])));
            }
        }
        return ports;
    }

    /** The agent user recorded in a sandbox's labels; empty for sandboxes made before it was recorded. */
    public static Optional<AgentUser> agentUser(Map<String, String> labels) {
        String user = labels.get(LabelCodec.AGENT_USER);
        if (user == null || !user.matches("\\d+:\\d+")) {
            return Optional.empty();
        }
        String[] ids = user.split(":");
        return Optional.of(new AgentUser(AgentUser.NAME, Integer.parseInt(ids[0]), Integer.parseInt(ids[1]),
                Boolean.parseBoolean(labels.get(LabelCodec.AGENT_SUDO))));
    }

    /** The labels that record who the agent user is, decided when the sandbox is created. */
    public static Map<String, String> agentLabels(AgentUser agent, boolean workspaceWritable) {
        return Map.of(LabelCodec.AGENT_USER, agent.uid() + ":" + agent.gid(),
                LabelCodec.AGENT_SUDO, Boolean.toString(agent.sudo()),
                LabelCodec.WORKSPACE_WRITABLE, Boolean.toString(workspaceWritable));
    }

    /** The names of the environment variables recorded in a sandbox's labels, sorted. */
    public static List<String> envNames(Map<String, String> labels) {
        return List.copyOf(decodeEnvDigest(labels.get(LabelCodec.ENV_DIGEST)).keySet());
    }

    /** The env as the label keeps it: each name with a digest of its value, never the value. */
    public static String envDigest(Map<String, String> env) {
        StringBuilder out = new StringBuilder();
        new TreeMap<>(env).forEach((name, value) -> {
            if (out.length() > 0) {
                out.append(',');
            }
            out.append(name).append('=').append(digest(name, value));
        });
        return out.toString();
    }

    /** How the env asked for differs from the one a label's digest describes, one line per variable. */
    public static List<String> envDifferences(Map<String, String> asked, String encodedExisting) {
        Map<String, String> existing = decodeEnvDigest(encodedExisting);
        List<String> differences = new ArrayList<>();
        TreeSet<String> names = new TreeSet<>(asked.keySet());
        names.addAll(existing.keySet());
        for (String name : names) {
            if (!existing.containsKey(name)) {
                differences.add("env: " + name + " is asked for but the sandbox does not set it");
            } else if (!asked.containsKey(name)) {
                differences.add("env: " + name + " is set in the sandbox but not asked for");
            } else if (!existing.get(name).equals(digest(name, asked.get(name)))) {
                differences.add("env: the value of " + name + " differs");
            }
        }
        return differences;
    }

    private static Map<String, String> decodeEnvDigest(String encoded) {
        Map<String, String> digests = new TreeMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return digests;
        }
        for (String pair : encoded.split(",")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                digests.put(pair.substring(0, equals), pair.substring(equals + 1));
            }
        }
        return digests;
    }

    /** Published ports as their label keeps them. */
    public static String encodePorts(List<PublishedPort> ports) {
        return String.join(",", ports.stream()
                .map(p -> p.sandboxPort() + ":" + p.hostAddress() + ":" + p.hostPort()).toList());
    }

    /** Mounts as their label keeps them. */
    public static String encodeMounts(List<Mount> mounts) {
        StringBuilder out = new StringBuilder();
        for (Mount mount : mounts) {
            if (out.length() > 0) {
                out.append('\n');
            }
            out.append(mount.hostPath()).append('\t').append(mount.sandboxPath()).append('\t')
                    .append(mount.readOnly() ? READ_ONLY : READ_WRITE);
        }
        return out.toString();
    }

    /** A short digest of one variable; its name is part of the input so that equal values differ. */
    private static String digest(String name, String value) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest((name + '=' + value).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
