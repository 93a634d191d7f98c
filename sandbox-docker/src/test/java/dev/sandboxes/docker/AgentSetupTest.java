package dev.sandboxes.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sandboxes.git.GitIdentity;
import dev.sandboxes.spi.HostOwner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;

/** Who the agent user is in a new sandbox, and what is written for it before the first start. */
class AgentSetupTest {

    private static final String PASSWD = "root:x:0:0:root:/root:/bin/sh\nwww-data:x:33:33:www-data:/var/www:/bin/false\n"
            + "agent:x:1000:1000:agent:/home/agent:/bin/sh\n";
    private static final String GROUP = "root:x:0:\nwww-data:x:33:\nagent:x:1000:\n";
    private static final ImageFacts WITH_AGENT = facts(PASSWD, GROUP, Optional.of(List.of(
            new ImageFacts.HomeEntry("", ImageFacts.Kind.DIRECTORY, null, 0750, new byte[0]),
            new ImageFacts.HomeEntry(".bashrc", ImageFacts.Kind.FILE, null, 0644, "alias ll='ls -l'\n".getBytes(StandardCharsets.UTF_8)),
            new ImageFacts.HomeEntry(".profile", ImageFacts.Kind.HARDLINK, ".bashrc", 0644, new byte[0]),
            new ImageFacts.HomeEntry(".cache", ImageFacts.Kind.SYMLINK, "/tmp", 0777, new byte[0]))));
    private static final String WORKSPACE = "/work/project";

    @Test
    void anOwnerWithTheImagesAgentIdsNeedsNothingWritten() throws IOException {
        AgentSetup setup = AgentSetup.plan(WITH_AGENT, owner(1000, 1000, 0755), true, Optional.empty(), WORKSPACE);
        assertEquals(1000, setup.agent().uid());
        assertTrue(setup.archive().isEmpty(), setup.archive().paths().toString());
        assertTrue(setup.workspaceWritable());
    }

    @Test
    void onANativeEngineTheAgentTakesTheOwnersIdsAndItsHomeIsReowned() throws IOException {
        AgentSetup setup = AgentSetup.plan(WITH_AGENT, owner(1234, 1234, 0755), true, Optional.empty(), WORKSPACE);
        assertEquals(1234, setup.agent().uid());
        assertEquals(1234, setup.agent().gid());
        Map<String, TarArchiveEntry> written = entries(setup);
        assertTrue(read(setup, "etc/passwd").contains("agent:x:1234:1234:agent:/home/agent:/bin/sh"));
        assertTrue(read(setup, "etc/group").contains("agent:x:1234:"));
        assertEquals(1234, written.get("home/agent/").getLongUserId());
        assertEquals(1234, written.get("home/agent/.bashrc").getLongUserId());
        assertEquals("alias ll='ls -l'\n", read(setup, "home/agent/.bashrc"));
        assertTrue(setup.workspaceWritable());
    }

    @Test
    void aUidTheImageAlreadyUsesIsSharedSoThatFilesStillBelongToTheOwner() throws IOException {
        AgentSetup setup = AgentSetup.plan(WITH_AGENT, owner(33, 33, 0755), true, Optional.empty(), WORKSPACE);
        assertEquals(33, setup.agent().uid());
        String passwd = read(setup, "etc/passwd");
        assertTrue(passwd.contains("www-data:x:33:33:"), passwd);
        assertTrue(passwd.contains("agent:x:33:33:agent:/home/agent:/bin/sh"), passwd);
    }

    @Test
    void aRootOwnerIsNeverCopiedAndTheAgentMayThenBeUnableToWrite() {
        AgentSetup setup = AgentSetup.plan(WITH_AGENT, owner(0, 0, 0755), true, Optional.empty(), WORKSPACE);
        assertEquals(1000, setup.agent().uid());
        assertFalse(setup.workspaceWritable());
    }

    @Test
    void anEngineThatTranslatesOwnersKeepsTheImagesIdsAndCountsAsWritable() {
        // Docker Desktop on a Mac: the owner is 501:20, which must not be copied.
        AgentSetup setup = AgentSetup.plan(WITH_AGENT, owner(501, 20, 0755), false, Optional.empty(), WORKSPACE);
        assertEquals(1000, setup.agent().uid());
        assertTrue(setup.workspaceWritable());
    }

    @Test
    void anImageWithoutAnAgentGetsOneAtTheFirstFreeIdWithAHome() throws IOException {
        String passwd = "root:x:0:0:root:/root:/bin/sh\nnode:x:1000:1000::/home/node:/bin/sh\n";
        String group = "root:x:0:\nnode:x:1000:\n";
        AgentSetup setup = AgentSetup.plan(facts(passwd, group, Optional.empty()), owner(0, 0, 0777), true,
                Optional.empty(), WORKSPACE);
        assertEquals(1001, setup.agent().uid());
        assertTrue(read(setup, "etc/passwd").endsWith("agent:x:1001:1001:agent:/home/agent:/bin/sh\n"));
        assertTrue(read(setup, "etc/passwd").contains("node:x:1000:1000::/home/node:/bin/sh"));
        assertTrue(read(setup, "etc/group").endsWith("agent:x:1001:\n"));
        assertEquals(1001, entries(setup).get("home/agent/").getLongUserId());
        assertTrue(setup.workspaceWritable(), "0777 lets anyone write");
    }

    @Test
    void theGitIdentityAndTheWorkspaceAsASafeDirectoryGoToTheAgentsGitconfig() throws IOException {
        AgentSetup setup = AgentSetup.plan(WITH_AGENT, owner(0, 0, 0777), true,
                Optional.of(new GitIdentity("Ada \"Countess\" Lovelace", "ada@example.com")), WORKSPACE);
        String gitconfig = read(setup, "home/agent/.gitconfig");
        assertEquals("[user]\n\tname = \"Ada \\\"Countess\\\" Lovelace\"\n\temail = \"ada@example.com\"\n"
                + "[safe]\n\tdirectory = \"/work/project\"\n", gitconfig);
        assertEquals(1000, entries(setup).get("home/agent/.gitconfig").getLongUserId());
    }

    @Test
    void noIdentityAndAWorkspaceTheAgentOwnsNeedNoGitconfig() {
        AgentSetup setup = AgentSetup.plan(WITH_AGENT, owner(1000, 1000, 0755), true, Optional.empty(), WORKSPACE);
        assertFalse(setup.archive().paths().contains("/home/agent/.gitconfig"));
    }

    @Test
    void theImagesOwnGitconfigIsKeptAndExtended() throws IOException {
        ImageFacts facts = facts(PASSWD, GROUP, Optional.of(List.of(new ImageFacts.HomeEntry(".gitconfig", ImageFacts.Kind.FILE, null, 0644,
                "[core]\n\teditor = vi".getBytes(StandardCharsets.UTF_8)))));
        AgentSetup setup = AgentSetup.plan(facts, owner(1000, 1000, 0755), true,
                Optional.of(new GitIdentity("Ada", "ada@example.com")), WORKSPACE);
        assertTrue(read(setup, "home/agent/.gitconfig").startsWith("[core]\n\teditor = vi\n[user]\n"));
    }

    @Test
    void sudoIsARuleForTheAgentOrForAGroupItIsInWithoutAPassword() {
        assertTrue(sudo("agent ALL=(ALL) NOPASSWD: ALL\n", GROUP));
        assertTrue(sudo("%agent ALL=(ALL) NOPASSWD:ALL\n", GROUP), "its primary group");
        assertTrue(sudo("%sudo\tALL=(ALL:ALL) NOPASSWD: ALL\n", GROUP + "sudo:x:27:agent\n"), "a group listing it");
        assertFalse(sudo("%sudo ALL=(ALL:ALL) NOPASSWD: ALL\n", GROUP + "sudo:x:27:\n"), "a group it is not in");
        assertFalse(sudo("agent ALL=(ALL) ALL\n", GROUP), "a password is asked");
        assertFalse(sudo("# agent ALL=(ALL) NOPASSWD: ALL\n", GROUP), "a comment");
        ImageFacts withoutSudo = new ImageFacts("sha256:x", PASSWD, GROUP, true, false, "agent ALL=(ALL) NOPASSWD: ALL", Optional.empty(), false);
        assertFalse(AgentSetup.plan(withoutSudo, Optional.empty(), true, Optional.empty(), WORKSPACE).agent().sudo(),
                "rules without the sudo program");
    }

    @Test
    void theAgentComesBeforeAnotherUserOfItsUidSoThatItsNameIsTheOneShown() throws IOException {
        AgentSetup setup = AgentSetup.plan(WITH_AGENT, owner(33, 33, 0755), true, Optional.empty(), WORKSPACE);
        String passwd = read(setup, "etc/passwd");
        assertTrue(passwd.indexOf("agent:x:33:") < passwd.indexOf("www-data:x:33:"), passwd);
        String group = read(setup, "etc/group");
        assertTrue(group.indexOf("agent:x:33:") < group.indexOf("www-data:x:33:"), group);
    }

    @Test
    void aRootGroupIsNotCopiedEither() {
        AgentSetup setup = AgentSetup.plan(WITH_AGENT, owner(1234, 0, 0775), true, Optional.empty(), WORKSPACE);
        assertEquals(1234, setup.agent().uid());
        assertEquals(1000, setup.agent().gid());
    }

    @Test
    void aMalformedAgentEntryIsWrittenWholeAndOnlyOnce() throws IOException {
        ImageFacts facts = facts("root:x:0:0:root:/root:/bin/sh\nagent:x:1000\nagent:x:5:5::/x:/bin/sh\n", GROUP, Optional.empty());
        String passwd = read(AgentSetup.plan(facts, owner(0, 0, 0777), true, Optional.empty(), WORKSPACE), "etc/passwd");
        assertEquals("root:x:0:0:root:/root:/bin/sh\nagent:x:1000:1000:agent:/home/agent:/bin/sh\n", passwd);
    }

    @Test
    void anAgentWhoseHomeIsElsewhereGetsItsHomeCopiedToHomeAgent() throws IOException {
        ImageFacts facts = facts(PASSWD.replace("/home/agent", "/opt/agent"), GROUP, Optional.of(List.of(
                new ImageFacts.HomeEntry(".bashrc", ImageFacts.Kind.FILE, null, 0644, "x\n".getBytes(StandardCharsets.UTF_8)))));
        AgentSetup setup = AgentSetup.plan(facts, owner(1000, 1000, 0755), true, Optional.empty(), WORKSPACE);
        assertTrue(read(setup, "etc/passwd").contains("agent:x:1000:1000:agent:/home/agent:/bin/sh"));
        assertEquals("x\n", read(setup, "home/agent/.bashrc"));
        assertEquals(1000, entries(setup).get("home/agent/").getLongUserId());
    }

    @Test
    void theHomesLinksAndModeSurviveTheReowning() throws IOException {
        AgentSetup setup = AgentSetup.plan(WITH_AGENT, owner(1234, 1234, 0755), true, Optional.empty(), WORKSPACE);
        Map<String, TarArchiveEntry> written = entries(setup);
        assertEquals(0750, written.get("home/agent/").getMode() & 07777);
        assertTrue(written.get("home/agent/.profile").isLink());
        assertEquals("home/agent/.bashrc", written.get("home/agent/.profile").getLinkName());
        assertTrue(written.get("home/agent/.cache").isSymbolicLink());
        assertEquals("/tmp", written.get("home/agent/.cache").getLinkName());
    }

    @Test
    void aHomeTooBigToCarryIsReownedInPlace() {
        ImageFacts facts = new ImageFacts("sha256:big", PASSWD, GROUP, true, false, "", Optional.empty(), true);
        AgentSetup setup = AgentSetup.plan(facts, owner(1234, 1234, 0755), true, Optional.empty(), WORKSPACE);
        assertTrue(setup.chownHome());
        assertFalse(setup.archive().paths().contains("/home/agent"));
        assertFalse(AgentSetup.plan(facts, owner(1000, 1000, 0755), true, Optional.empty(), WORKSPACE).chownHome(),
                "already the agent's");
    }

    @Test
    void idsFromADirectoryServiceFitInTheArchive() throws IOException {
        AgentSetup setup = AgentSetup.plan(WITH_AGENT, owner(1_870_001_234, 1_870_000_513, 0755), true, Optional.empty(), WORKSPACE);
        assertEquals(1_870_001_234L, entries(setup).get("home/agent/").getLongUserId());
        assertEquals(1_870_000_513L, entries(setup).get("home/agent/").getLongGroupId());
    }

    private static boolean sudo(String sudoers, String group) {
        ImageFacts facts = new ImageFacts("sha256:x", PASSWD, group, true, true, sudoers, Optional.empty(), false);
        return AgentSetup.plan(facts, Optional.empty(), true, Optional.empty(), WORKSPACE).agent().sudo();
    }

    private static ImageFacts facts(String passwd, String group, Optional<List<ImageFacts.HomeEntry>> home) {
        return new ImageFacts("sha256:test", passwd, group, true, false, "", home, false);
    }

    private static Optional<HostOwner> owner(int uid, int gid, int mode) {
        return Optional.of(new HostOwner(uid, gid, mode));
    }

    private static Map<String, TarArchiveEntry> entries(AgentSetup setup) throws IOException {
        Map<String, TarArchiveEntry> entries = new HashMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(setup.archive().toTar())) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                entries.put(entry.getName(), entry);
            }
        }
        return entries;
    }

    private static String read(AgentSetup setup, String path) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(setup.archive().toTar())) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                if (entry.getName().equals(path)) {
                    return new String(tar.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
        }
        throw new AssertionError(path + " is not in the archive: " + setup.archive().paths());
    }
}
