package dev.sandboxes.spi;

import dev.sandboxes.AgentUser;
import dev.sandboxes.CredentialMode;
import dev.sandboxes.CredentialPath;
import dev.sandboxes.Mount;
import dev.sandboxes.NetworkPolicy;
import dev.sandboxes.PublishedPort;
import dev.sandboxes.SandboxLabels;
import dev.sandboxes.Sandboxes;
import dev.sandboxes.Worktree;
import dev.sandboxes.internal.TemplateFreshness;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Writes a spec's settings into the sandbox's labels at creation and compares a later spec with
 * them, so that every runtime stores and checks settings the same way. Only what the caller asked
 * for is stored: an env digest (never a value), the mounts, the socket flag. The caller's own labels
 * are carried as they are and never compared: like Docker's, they are set at creation only.
 *
 * <pre>{@code
 * Map<String, String> labels = SpecLabels.forCreation(spec);
 * List<String> differences = SpecLabels.differences(laterSpec, labels);
 * }</pre>
 */
public final class SpecLabels {

    private static final String READ_ONLY = "ro";
    private static final String READ_WRITE = "rw";

    private SpecLabels() {
    }

    /** Every label a new sandbox for this spec carries. */
    public static Map<String, String> forCreation(SandboxSpec spec) {
        // The caller's first: the library's own, put after, always win (the caller's cannot clash anyway).
        Map<String, String> labels = new LinkedHashMap<>(spec.labels());
        labels.put(SandboxLabels.MARKER, "true");
        labels.put(SandboxLabels.WORKSPACE, spec.workspace().toString());
        spec.workspaceInode().ifPresent(inode -> labels.put(SandboxLabels.WORKSPACE_INODE, inode));
        labels.put(SandboxLabels.AGENT, spec.agentOrDefault());
        labels.put(SandboxLabels.TEMPLATE, spec.templateForCreation().label());
        labels.put(SandboxLabels.CREDENTIALS, credentialLabel(spec.credentialsOrDefault()));
        labels.put(SandboxLabels.SUDO, Boolean.toString(spec.sudoOrDefault()));
        labels.put(SandboxLabels.NETWORK, spec.networkOrDefault().label());
        labels.put(SandboxLabels.OCI_RUNTIME, spec.ociRuntime().orElse(""));
        labels.put(SandboxLabels.VERSION, Sandboxes.version());
        labels.put(SandboxLabels.ENV_DIGEST, envDigest(spec.envOrEmpty()));
        labels.put(SandboxLabels.MOUNTS, encodeMounts(spec.mountsOrEmpty()));
        labels.put(SandboxLabels.DOCKER_SOCKET, Boolean.toString(spec.dockerSocketOrDefault()));
        labels.put(SandboxLabels.PORTS, encodePorts(spec.portsOrEmpty()));
        spec.worktree().ifPresent(worktree -> {
            labels.put(SandboxLabels.BRANCH, worktree.branch());
            labels.put(SandboxLabels.BRANCH_BASE, worktree.baseCommit());
            labels.put(SandboxLabels.REPOSITORY, worktree.repository().toString());
        });
        return labels;
    }

    /** The git worktree a sandbox works on, from its labels; empty when it was not opened on a branch. */
    public static Optional<Worktree> worktree(Map<String, String> labels) {
        String branch = labels.get(SandboxLabels.BRANCH);
        String base = labels.get(SandboxLabels.BRANCH_BASE);
        String repository = labels.get(SandboxLabels.REPOSITORY);
        String workspace = labels.get(SandboxLabels.WORKSPACE);
        // A sandbox made from a saved image inherits these labels empty (see Sandbox.save).
        if (isBlank(branch) || isBlank(base) || isBlank(repository) || isBlank(workspace)) {
            return Optional.empty();
        }
        return Optional.of(new Worktree(Path.of(repository), branch, base, Path.of(workspace)));
    }

    /**
     * The settings the spec asks for that the existing sandbox (known by its labels) does not have,
     * one readable line each; empty when the sandbox can be reused. Settings the spec leaves unset
     * are not compared.
     */
    public static List<String> differences(SandboxSpec spec, Map<String, String> labels) {
        return differences(spec, spec.name(), labels);
    }

    /**
     * As {@link #differences(SandboxSpec, Map)}, and the name too when the caller gave one: a
     * sandbox keeps the name it was created with.
     */
    public static List<String> differences(SandboxSpec spec, String existingName, Map<String, String> labels) {
        List<String> differences = new ArrayList<>();
        if (spec.nameGiven() && !spec.name().equals(existingName)) {
            differences.add("name: asked for \"" + spec.name() + "\", sandbox has \"" + existingName + "\"");
        }
        spec.agent().ifPresent(agent -> compare("agent", agent, labels.get(SandboxLabels.AGENT), differences));
        spec.template().ifPresent(template ->
                compare("template", template.label(), labels.get(SandboxLabels.TEMPLATE), differences));
        if (spec.recreate() && TemplateFreshness.outdated(labels, spec.templateForCreation(), spec.templateSettings())) {
            differences.add("template: the sandbox runs on an older build of " + spec.templateForCreation().label());
        }
        spec.network().ifPresent(policy -> compare("network", policy.label(),
                labels.getOrDefault(SandboxLabels.NETWORK, NetworkPolicy.open().label()), differences));
        spec.sudo().ifPresent(sudo -> compare("sudo", sudo.toString(), labels.getOrDefault(SandboxLabels.SUDO, "true"),
                differences));
        spec.ociRuntime().ifPresent(runtime -> compare("OCI runtime", runtime,
                labels.getOrDefault(SandboxLabels.OCI_RUNTIME, ""), differences));
        spec.credentials().ifPresent(mode -> compare("credentials", credentialLabel(mode),
                labels.getOrDefault(SandboxLabels.CREDENTIALS, credentialLabel(CredentialMode.NONE)), differences));
        spec.env().ifPresent(env -> differences.addAll(envDifferences(env, labels.get(SandboxLabels.ENV_DIGEST))));
        spec.mounts().ifPresent(mounts -> {
            List<Mount> existing = mounts(labels);
            if (!new TreeSet<>(mounts.stream().map(Mount::toString).toList())
                    .equals(new TreeSet<>(existing.stream().map(Mount::toString).toList()))) {
                differences.add("mounts: asked for " + mounts + ", sandbox has " + existing);
            }
        });
        spec.ports().ifPresent(ports -> {
            List<PublishedPort> existing = ports(labels);
            if (!new java.util.HashSet<>(ports).equals(new java.util.HashSet<>(existing))) {
                differences.add("ports: asked for " + ports + ", sandbox has " + existing);
            }
        });
        spec.dockerSocket().ifPresent(socket -> {
            boolean existing = Boolean.parseBoolean(labels.get(SandboxLabels.DOCKER_SOCKET));
            if (socket != existing) {
                differences.add("Docker socket: asked for " + (socket ? "mounted" : "none")
                        + ", sandbox has " + (existing ? "it mounted" : "none"));
            }
        });
        return differences;
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
        String mode = labels.get(SandboxLabels.CREDENTIALS);
        return java.util.Arrays.stream(CredentialMode.values()).filter(m -> credentialLabel(m).equals(mode))
                .findFirst().orElse(CredentialMode.NONE);
    }

    /** The label that records which credential paths were linked into a sandbox's credentials volume. */
    public static Map<String, String> credentialPathLabels(List<CredentialPath> paths) {
        return Map.of(SandboxLabels.CREDENTIAL_PATHS, String.join(",",
                paths.stream().map(p -> p.name() + (p.folder() ? "/" : "")).toList()));
    }

    /** The credential paths linked into a sandbox's credentials volume; empty when it has none. */
    public static List<CredentialPath> credentialPaths(Map<String, String> labels) {
        List<CredentialPath> paths = new ArrayList<>();
        for (String path : labels.getOrDefault(SandboxLabels.CREDENTIAL_PATHS, "").split(",")) {
            if (!path.isEmpty()) {
                paths.add(path.endsWith("/") ? CredentialPath.folder(path.substring(0, path.length() - 1))
                        : CredentialPath.file(path));
            }
        }
        return paths;
    }

    static String credentialLabel(CredentialMode mode) {
        return mode.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The extra mounts recorded in a sandbox's labels. */
    public static List<Mount> mounts(Map<String, String> labels) {
        String encoded = labels.getOrDefault(SandboxLabels.MOUNTS, "");
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
        for (String port : labels.getOrDefault(SandboxLabels.PORTS, "").split(",")) {
            String[] fields = port.split(":");
            if (fields.length == 3) {
                ports.add(new PublishedPort(Integer.parseInt(fields[0]), fields[1], Integer.parseInt(fields[2])));
            }
        }
        return ports;
    }

    /** The agent user recorded in a sandbox's labels; empty for sandboxes made before it was recorded. */
    public static Optional<AgentUser> agentUser(Map<String, String> labels) {
        String user = labels.get(SandboxLabels.AGENT_USER);
        if (user == null || !user.matches("\\d+:\\d+")) {
            return Optional.empty();
        }
        String[] ids = user.split(":");
        return Optional.of(new AgentUser(AgentUser.NAME, Integer.parseInt(ids[0]), Integer.parseInt(ids[1]),
                Boolean.parseBoolean(labels.get(SandboxLabels.AGENT_SUDO))));
    }

    /** The labels that record who the agent user is, decided when the sandbox is created. */
    public static Map<String, String> agentLabels(AgentUser agent, boolean workspaceWritable) {
        return Map.of(SandboxLabels.AGENT_USER, agent.uid() + ":" + agent.gid(),
                SandboxLabels.AGENT_SUDO, Boolean.toString(agent.sudo()),
                SandboxLabels.WORKSPACE_WRITABLE, Boolean.toString(workspaceWritable));
    }

    /** The names of the environment variables recorded in a sandbox's labels, sorted. */
    public static List<String> envNames(Map<String, String> labels) {
        return List.copyOf(decodeEnvDigest(labels.get(SandboxLabels.ENV_DIGEST)).keySet());
    }

    static String envDigest(Map<String, String> env) {
        StringBuilder out = new StringBuilder();
        new TreeMap<>(env).forEach((name, value) -> {
            if (out.length() > 0) {
                out.append(',');
            }
            out.append(name).append('=').append(digest(name, value));
        });
        return out.toString();
    }

    private static List<String> envDifferences(Map<String, String> asked, String encodedExisting) {
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

    private static String encodePorts(List<PublishedPort> ports) {
        return String.join(",", ports.stream()
                .map(p -> p.sandboxPort() + ":" + p.hostAddress() + ":" + p.hostPort()).toList());
    }

    private static String encodeMounts(List<Mount> mounts) {
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

    private static void compare(String setting, String asked, String existing, List<String> differences) {
        if (!Objects.equals(asked, existing)) {
            differences.add(setting + ": asked for \"" + asked + "\", sandbox has \"" + existing + "\"");
        }
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
