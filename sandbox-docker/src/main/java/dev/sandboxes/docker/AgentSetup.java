package dev.sandboxes.docker;

import dev.sandboxes.agents.AgentUser;
import dev.sandboxes.git.GitIdentity;
import dev.sandboxes.spi.HostOwner;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Decides who the agent user is in a new sandbox and what must be written before it first starts:
 * the user and group files (the image's, with the agent added or its ids changed), its home re-owned,
 * and its {@code ~/.gitconfig}. Pure logic: no engine, so every case is unit-tested.
 *
 * <p>On an engine that keeps the host's owners (native, rootful Linux), the agent takes the uid and
 * gid of the workspace's owner, so that what it creates belongs to that owner on the host, as
 * devcontainers' {@code updateRemoteUserUID} does. A root owner is never copied (nor a root group):
 * the agent then stays who the image says, uid 1000 or the first free id when the image has none.
 *
 * @param agent             the agent user the sandbox gets
 * @param workspaceWritable whether that user may write to the workspace
 * @param archive           what to write before the first start; empty when the image is right as it is
 * @param chownHome         whether the home was too big for the archive and must be re-owned in place
 */
record AgentSetup(AgentUser agent, boolean workspaceWritable, SetupArchive archive, boolean chownHome) {

    static final int DEFAULT_ID = 1000;
    private static final String PASSWD = "/etc/passwd";
    private static final String GROUP = "/etc/group";

    /**
     * @param facts             what the template holds
     * @param owner             who owns the workspace on the host, where known
     * @param engineKeepsOwners whether the engine shows host owners as they are (see {@link EngineHost#keepsHostOwners})
     * @param identity          the git identity for commits, where known
     * @param sandboxWorkspace  the workspace's path inside, made a git safe.directory
     */
    static AgentSetup plan(ImageFacts facts, Optional<HostOwner> owner, boolean engineKeepsOwners,
                           Optional<GitIdentity> identity, String sandboxWorkspace) {
        return plan(facts, owner, engineKeepsOwners, identity, sandboxWorkspace, Optional.empty());
    }

    /**
     * @param decided the agent's ids as a creator already recorded them, for whoever finishes its work
     */
    static AgentSetup plan(ImageFacts facts, Optional<HostOwner> owner, boolean engineKeepsOwners,
                           Optional<GitIdentity> identity, String sandboxWorkspace, Optional<AgentUser> decided) {
        Optional<String[]> imageAgent = entry(facts.passwd(), 7);
        boolean remap = engineKeepsOwners && owner.isPresent() && owner.get().uid() != 0;
        // A remapped agent may share its uid with an image user (33 is www-data): it must be the
        // owner's. An added one takes 1000, or the next id no image user or group has.
        int uid = decided.map(AgentUser::uid).orElseGet(() -> remap ? owner.get().uid()
                : imageAgent.map(f -> Integer.parseInt(f[2])).orElseGet(() -> freeId(facts.passwd())));
        int gid = decided.map(AgentUser::gid).orElseGet(() -> remap && owner.get().gid() != 0 ? owner.get().gid()
                : imageAgent.map(f -> Integer.parseInt(f[3])).orElseGet(() -> freeId(facts.group())));

        SetupArchive archive = new SetupArchive();
        String passwd = withAgent(facts.passwd(), uid, gid);
        String group = withAgentGroup(facts.group(), gid);
        if (!passwd.equals(normalized(facts.passwd()))) {
            archive.file(PASSWD, passwd, 0644, 0, 0);
        }
        if (!group.equals(normalized(facts.group()))) {
            archive.file(GROUP, group, 0644, 0, 0);
        }
        Optional<byte[]> gitconfig = gitconfig(facts, identity, sandboxWorkspace, owner, uid, engineKeepsOwners);
        boolean homeRight = imageAgent.isPresent() && imageAgent.get()[5].equals(AgentUser.HOME)
                && Integer.parseInt(imageAgent.get()[2]) == uid && Integer.parseInt(imageAgent.get()[3]) == gid;
        if (!homeRight && !facts.agentHomeTooBig()) {
            writeHome(archive, facts.agentHome().orElse(List.of()), uid, gid, gitconfig.isPresent());
        }
        gitconfig.ifPresent(content -> archive.file(AgentUser.HOME + "/.gitconfig", content, 0644, uid, gid));

        AgentUser agent = new AgentUser(AgentUser.NAME, uid, gid, facts.hasSudo() && sudoAllows(facts.sudoers(), group, gid));
        boolean writable = !engineKeepsOwners || owner.map(o -> o.writableBy(uid, gid)).orElse(true);
        return new AgentSetup(agent, writable, archive, !homeRight && facts.agentHomeTooBig());
    }

    /** The image's home, or a fresh one, under /home/agent and owned by the agent. */
    private static void writeHome(SetupArchive archive, List<ImageFacts.HomeEntry> entries, int uid, int gid,
                                  boolean replacingGitconfig) {
        int homeMode = entries.stream().filter(e -> e.path().isEmpty()).map(ImageFacts.HomeEntry::mode).findFirst().orElse(0755);
        archive.directory(AgentUser.HOME, homeMode, uid, gid);
        for (ImageFacts.HomeEntry entry : entries) {
            if (entry.path().isEmpty() || (entry.path().equals(".gitconfig") && replacingGitconfig)) {
                continue;
            }
            String path = AgentUser.HOME + "/" + entry.path();
            switch (entry.kind()) {
                case DIRECTORY -> archive.directory(path, entry.mode(), uid, gid);
                case FILE -> archive.file(path, entry.content(), entry.mode(), uid, gid);
                case SYMLINK -> archive.symlink(path, entry.linkTarget(), uid, gid);
                case HARDLINK -> archive.hardLink(path, AgentUser.HOME + "/" + entry.linkTarget(), entry.mode(), uid, gid);
            }
        }
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
        facts.agentHome().orElse(List.of()).stream()
                .filter(e -> e.path().equals(".gitconfig") && e.kind() == ImageFacts.Kind.FILE)
                .findFirst().ifPresent(existing -> {
                    config.append(new String(existing.content(), StandardCharsets.UTF_8));
                    if (config.length() > 0 && config.charAt(config.length() - 1) != '\n') {
                        config.append('\n');
                    }
                });
        identity.ifPresent(id -> config.append("[user]\n\tname = ").append(quote(id.name()))
                .append("\n\temail = ").append(quote(id.email())).append('\n'));
        config.append("[safe]\n\tdirectory = ").append(quote(workspace)).append('\n');
        return Optional.of(config.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Whether sudoers lets the agent run anything without a password: a rule for {@code agent}, or
     * for a group the agent is in (its primary group, or one that lists it), marked NOPASSWD.
     */
    static boolean sudoAllows(String sudoers, String group, int agentGid) {
        Set<String> principals = new HashSet<>(List.of(AgentUser.NAME));
        for (String line : lines(group)) {
            String[] fields = line.split(":", -1);
            if (fields.length >= 4 && (fields[2].equals(String.valueOf(agentGid))
                    || List.of(fields[3].split(",")).contains(AgentUser.NAME))) {
                principals.add("%" + fields[0]);
            }
        }
        for (String line : lines(sudoers)) {
            String rule = line.strip();
            int space = rule.indexOf(' ');
            int tab = rule.indexOf('\t');
            int end = space < 0 ? tab : tab < 0 ? space : Math.min(space, tab);
            if (end > 0 && principals.contains(rule.substring(0, end)) && rule.contains("NOPASSWD")) {
                return true;
            }
        }
        return false;
    }

    /** A git config value, quoted so that '#', ';' and spaces survive. */
    static String quote(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /** 1000, or the first id above it that no other entry of a user or group file has (the agent's is its own). */
    static int freeId(String file) {
        Set<Integer> taken = new HashSet<>();
        for (String line : lines(file)) {
            String[] fields = line.split(":", -1);
            if (fields.length >= 3 && !fields[0].equals(AgentUser.NAME) && fields[2].matches("\\d+")) {
                taken.add(Integer.parseInt(fields[2]));
            }
        }
        int id = DEFAULT_ID;
        while (taken.contains(id)) {
            id++;
        }
        return id;
    }

    /** /etc/passwd with the agent at these ids and home. Other users stay as they are. */
    static String withAgent(String passwd, int uid, int gid) {
        return withEntry(passwd, 2, AgentUser.NAME + ":x:" + uid + ":" + gid + ":agent:" + AgentUser.HOME + ":/bin/sh",
                fields -> {
                    fields[2] = String.valueOf(uid);
                    fields[3] = String.valueOf(gid);
                    fields[5] = AgentUser.HOME;
                }, 7);
    }

    /** /etc/group with an agent group of this gid. */
    static String withAgentGroup(String group, int gid) {
        return withEntry(group, 2, AgentUser.NAME + ":x:" + gid + ":", fields -> fields[2] = String.valueOf(gid), 4);
    }

    /**
     * A user or group file with the agent's entry changed (or, when missing or malformed, written
     * whole), placed before any other entry of the same id: tools that name an id take the first
     * entry with it, and the agent must be called the agent.
     *
     * @param idField the index of the id field
     */
    private static String withEntry(String file, int idField, String whole, Consumer<String[]> change, int fieldCount) {
        List<String> lines = new ArrayList<>();
        int agentAt = -1;
        String agentLine = whole;
        for (String line : lines(file)) {
            String[] fields = line.split(":", -1);
            if (!fields[0].equals(AgentUser.NAME)) {
                lines.add(line);
            } else if (agentAt < 0) {
                // The first agent entry counts; a malformed one is written whole, and any other dropped.
                if (fields.length >= fieldCount) {
                    change.accept(fields);
                    agentLine = String.join(":", fields);
                }
                agentAt = lines.size();
                lines.add(agentLine);
            }
        }
        String id = agentLine.split(":", -1)[idField];
        int firstWithId = -1;
        for (int i = 0; i < lines.size() && firstWithId < 0; i++) {
            String[] fields = lines.get(i).split(":", -1);
            if (i != agentAt && fields.length > idField && fields[idField].equals(id)) {
                firstWithId = i;
            }
        }
        if (agentAt < 0) {
            lines.add(firstWithId < 0 ? lines.size() : firstWithId, agentLine);
        } else if (firstWithId >= 0 && firstWithId < agentAt) {
            lines.remove(agentAt);
            lines.add(firstWithId, agentLine);
        }
        return String.join("\n", lines) + "\n";
    }

    /** The image's agent entry, when it has a well-formed one. */
    private static Optional<String[]> entry(String file, int fieldCount) {
        for (String line : lines(file)) {
            String[] fields = line.split(":", -1);
            if (fields[0].equals(AgentUser.NAME)) {
                boolean wellFormed = fields.length >= fieldCount && fields[2].matches("\\d+") && fields[3].matches("\\d+");
                return wellFormed ? Optional.of(fields) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** A user or group file as {@link #withEntry} writes it: no blank lines, one final newline. */
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
