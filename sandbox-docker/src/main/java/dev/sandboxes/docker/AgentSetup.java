package dev.sandboxes.docker;

import dev.sandboxes.AgentUser;
import dev.sandboxes.GitIdentity;
import dev.sandboxes.spi.HostOwner;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decides who the agent user is in a new sandbox and what must be written before it first starts:
 * the user and group files (the image's, with the agent added or its ids changed), its home re-owned,
 * and its {@code ~/.gitconfig}. Pure logic: no engine, so every case is unit-tested.
 *
 * <p>On an engine that keeps the host's owners (native, rootful Linux), the agent takes the uid and
 * gid of the workspace's owner, so that what it creates belongs to that owner on the host, as
 * devcontainers' {@code updateRemoteUserUID} does. A root owner is never copied: the agent stays
 * who the image says (uid 1000 when the image has no agent) and may be unable to write.
 *
 * @param agent             the agent user the sandbox gets
 * @param workspaceWritable whether that user may write to the workspace
 * @param archive           what to write before the first start; empty when the image is right as it is
 */
record AgentSetup(AgentUser agent, boolean workspaceWritable, SetupArchive archive) {

    static final int DEFAULT_ID = 1000;
    private static final String PASSWD = "/etc/passwd";
    private static final String GROUP = "/etc/group";

    /**
     * @param facts             what the template holds
     * @param owner             who owns the workspace on the host, where known
     * @param engineKeepsOwners whether the engine shows host owners as they are (see {@link EngineHost#keepsHostOwners()})
     * @param identity          the git identity for commits, where known
     * @param sandboxWorkspace  the workspace's path inside, made a git safe.directory
     */
    static AgentSetup plan(ImageFacts facts, Optional<HostOwner> owner, boolean engineKeepsOwners,
                           Optional<GitIdentity> identity, String sandboxWorkspace) {
        Optional<int[]> imageAgent = agentIds(facts.passwd());
        boolean remap = engineKeepsOwners && owner.isPresent() && owner.get().uid() != 0;
        // A remapped agent may share its uid with an image user (33 is www-data): it must be the owner's.
        // An added one takes 1000, or the next id no image user or group has, so that names stay clear.
        int uid = remap ? owner.get().uid() : imageAgent.map(ids -> ids[0]).orElseGet(() -> freeId(facts.passwd()));
        int gid = remap ? owner.get().gid() : imageAgent.map(ids -> ids[1]).orElseGet(() -> freeId(facts.group()));
        AgentUser agent = new AgentUser(AgentUser.NAME, uid, gid, facts.agentSudo());

        SetupArchive archive = new SetupArchive();
        String passwd = withAgent(facts.passwd(), uid, gid);
        String group = withAgentGroup(facts.group(), gid);
        if (!passwd.equals(normalized(facts.passwd()))) {
            archive.file(PASSWD, passwd, 0644, 0, 0);
        }
        if (!group.equals(normalized(facts.group()))) {
            archive.file(GROUP, group, 0644, 0, 0);
        }
        boolean homeOwnedRight = imageAgent.isPresent() && imageAgent.get()[0] == uid && imageAgent.get()[1] == gid;
        Optional<byte[]> gitconfig = gitconfig(facts, identity, sandboxWorkspace, owner, uid, engineKeepsOwners);
        if (!homeOwnedRight) {
            archive.directory(AgentUser.HOME, 0755, uid, gid);
            for (ImageFacts.HomeEntry entry : facts.agentHome().orElse(List.of())) {
                if (entry.path().isEmpty() || (entry.path().equals(".gitconfig") && gitconfig.isPresent())) {
                    continue;
                }
                String path = AgentUser.HOME + "/" + entry.path();
                if (entry.linkTarget() != null) {
                    archive.link(path, entry.linkTarget(), uid, gid);
                } else if (entry.directory()) {
                    archive.directory(path, entry.mode(), uid, gid);
                } else {
                    archive.file(path, entry.content(), entry.mode(), uid, gid);
                }
            }
        }
        gitconfig.ifPresent(content -> archive.file(AgentUser.HOME + "/.gitconfig", content, 0644, uid, gid));
        boolean writable = !engineKeepsOwners || owner.map(o -> o.writableBy(uid, gid)).orElse(true);
        return new AgentSetup(agent, writable, archive);
    }

    /**
     * The agent's {@code ~/.gitconfig}: the image's own, then the identity and the workspace as a
     * safe directory (git refuses a repository owned by another user, as a root-owned one is).
     * Nothing to write when there is no identity and the agent owns the workspace.
     */
    private static Optional<byte[]> gitconfig(ImageFacts facts, Optional<GitIdentity> identity, String workspace,
                                              Optional<HostOwner> owner, int uid, boolean engineKeepsOwners) {
        boolean agentOwnsWorkspace = !engineKeepsOwners || owner.map(o -> o.uid() == uid).orElse(false);
        if (identity.isEmpty() && agentOwnsWorkspace) {
            return Optional.empty();
        }
        StringBuilder config = new StringBuilder();
        facts.agentHome().orElse(List.of()).stream().filter(e -> e.path().equals(".gitconfig") && e.linkTarget() == null)
                .findFirst().ifPresent(existing -> {
                    config.append(new String(existing.content(), java.nio.charset.StandardCharsets.UTF_8));
                    if (config.length() > 0 && config.charAt(config.length() - 1) != '\n') {
                        config.append('\n');
                    }
                });
        identity.ifPresent(id -> config.append("[user]\n\tname = ").append(quote(id.name()))
                .append("\n\temail = ").append(quote(id.email())).append('\n'));
        config.append("[safe]\n\tdirectory = ").append(quote(workspace)).append('\n');
        return Optional.of(config.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** A git config value, quoted so that '#', ';' and spaces survive. */
    static String quote(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /** 1000, or the first id above it that no entry of a user or group file has. */
    static int freeId(String file) {
        java.util.Set<Integer> taken = new java.util.HashSet<>();
        for (String line : lines(file)) {
            String[] fields = line.split(":", -1);
            if (fields.length >= 3) {
                try {
                    taken.add(Integer.parseInt(fields[2]));
                } catch (NumberFormatException malformed) {
                    // Not an id: cannot collide with one.
                }
            }
        }
        int id = DEFAULT_ID;
        while (taken.contains(id)) {
            id++;
        }
        return id;
    }

    /** The image's agent uid and gid, if it has an agent. */
    static Optional<int[]> agentIds(String passwd) {
        for (String line : passwd.split("\n")) {
            String[] fields = line.split(":", -1);
            if (fields.length >= 7 && fields[0].equals(AgentUser.NAME)) {
                try {
                    return Optional.of(new int[] {Integer.parseInt(fields[2]), Integer.parseInt(fields[3])});
                } catch (NumberFormatException malformed) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    /** /etc/passwd with the agent at these ids and home, added when missing. Other users stay as they are. */
    static String withAgent(String passwd, int uid, int gid) {
        String agentLine = AgentUser.NAME + ":x:" + uid + ":" + gid + ":agent:" + AgentUser.HOME + ":/bin/sh";
        List<String> lines = new ArrayList<>();
        boolean found = false;
        for (String line : lines(passwd)) {
            String[] fields = line.split(":", -1);
            if (fields.length >= 7 && fields[0].equals(AgentUser.NAME)) {
                found = true;
                fields[2] = String.valueOf(uid);
                fields[3] = String.valueOf(gid);
                fields[5] = AgentUser.HOME;
                lines.add(String.join(":", fields));
            } else {
                lines.add(line);
            }
        }
        if (!found) {
            lines.add(agentLine);
        }
        return String.join("\n", lines) + "\n";
    }

    /** /etc/group with an agent group of this gid, added when missing. */
    static String withAgentGroup(String group, int gid) {
        List<String> lines = new ArrayList<>();
        boolean found = false;
        for (String line : lines(group)) {
            String[] fields = line.split(":", -1);
            if (fields.length >= 4 && fields[0].equals(AgentUser.NAME)) {
                found = true;
                fields[2] = String.valueOf(gid);
                lines.add(String.join(":", fields));
            } else {
                lines.add(line);
            }
        }
        if (!found) {
            lines.add(AgentUser.NAME + ":x:" + gid + ":");
        }
        return String.join("\n", lines) + "\n";
    }

    /** A user or group file as {@link #withAgent} writes it: no blank lines, one final newline. */
    private static String normalized(String file) {
        return String.join("\n", lines(file)) + "\n";
    }

    private static List<String> lines(String file) {
        List<String> lines = new ArrayList<>();
        for (String line : file.split("\n")) {
            if (!line.isEmpty()) {
                lines.add(line);
            }
        }
        return lines;
    }
}
