package dev.sandboxes.docker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sandboxes.Sandbox;
import dev.sandboxes.errors.InvalidSandboxConfigException;
import dev.sandboxes.errors.SandboxNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Files in and out of a sandbox, anywhere in it, with modes and owners. */
class FilesIT {

    private static final DockerTestSupport SUPPORT = new DockerTestSupport();
    private static Sandbox sandbox;
    private static Path scratch;

    @BeforeAll
    static void open() throws Exception {
        sandbox = SUPPORT.builder(SUPPORT.newWorkspace("files")).open();
        scratch = SUPPORT.newWorkspace("files-host");
    }

    @AfterAll
    static void cleanUp() {
        SUPPORT.close();
    }

    @Test
    void aFileWrittenAnywhereReadsBackWithTheAgentAsOwner() {
        byte[] content = new byte[100_000];
        new Random(3).nextBytes(content);
        sandbox.writeFile("/tmp/data.bin", content);
        assertArrayEquals(content, sandbox.readFile("/tmp/data.bin"));
        assertEquals("644 1000\n", sandbox.exec("stat", "-c", "%a %u", "/tmp/data.bin").stdout());
        sandbox.writeText("/home/agent/notes.txt", "héllo\n");
        assertEquals("héllo\n", sandbox.readText("/home/agent/notes.txt"));
    }

    @Test
    void aFileGetsTheModeAndOwnerAskedFor() {
        sandbox.writeFile("/tmp/tool.sh", "#!/bin/sh\necho tool\n".getBytes(), 0750, 0, 0);
        assertEquals("750 0\n", sandbox.exec("stat", "-c", "%a %u", "/tmp/tool.sh").stdout());
    }

    @Test
    void missingFilesAndFoldersAreClearErrors() {
        assertThrows(SandboxNotFoundException.class, () -> sandbox.readFile("/tmp/no-such-file"));
        assertThrows(InvalidSandboxConfigException.class, () -> sandbox.readFile("/tmp"));
        assertThrows(SandboxNotFoundException.class, () -> sandbox.writeFile("/no/such/folder/file", new byte[1]));
        assertThrows(InvalidSandboxConfigException.class, () -> sandbox.readFile("relative/path"));
    }

    @Test
    void aFolderCopiedInAndOutKeepsItsFilesAndModes() throws Exception {
        Path source = Files.createDirectories(scratch.resolve("project"));
        Files.createDirectories(source.resolve("bin"));
        Files.writeString(source.resolve("README"), "read me\n");
        Path script = Files.writeString(source.resolve("bin/run"), "#!/bin/sh\necho ran\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-x---"));
        sandbox.copyTo(source, "/tmp/project");
        assertEquals("ran\n", sandbox.exec("/tmp/project/bin/run").stdout());
        assertEquals("750 1000\n", sandbox.exec("stat", "-c", "%a %u", "/tmp/project/bin/run").stdout());

        sandbox.exec("sh", "-c", "echo made inside > /tmp/project/new.txt");
        Path back = scratch.resolve("back");
        sandbox.copyFrom("/tmp/project", back);
        assertEquals("read me\n", Files.readString(back.resolve("README")));
        assertEquals("made inside\n", Files.readString(back.resolve("new.txt")));
        assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(back.resolve("bin/run"))));
    }

    @Test
    void aSingleFileCopiesOutUnderTheNameGiven() throws Exception {
        sandbox.writeText("/tmp/one.txt", "one\n");
        Path out = scratch.resolve("renamed.txt");
        sandbox.copyFrom("/tmp/one.txt", out);
        assertEquals("one\n", Files.readString(out));
        assertThrows(InvalidSandboxConfigException.class, () -> sandbox.copyFrom("/tmp/one.txt", out), "exists already");
        assertTrue(Files.isRegularFile(out));
    }

    @Test
    void foldersWithSymlinksAndPipesCopyInAsLinksWithoutBlocking() throws Exception {
        Path source = Files.createDirectories(scratch.resolve("links"));
        Files.writeString(source.resolve("real.txt"), "real\n");
        Files.createSymbolicLink(source.resolve("to-file"), Path.of("real.txt"));
        Files.createSymbolicLink(source.resolve("dangling"), Path.of("/no/such/target"));
        assertEquals(0, new ProcessBuilder("mkfifo", source.resolve("pipe").toString()).start().waitFor());
        sandbox.copyTo(source, "/tmp/links");
        assertEquals("real\n", sandbox.exec("cat", "/tmp/links/to-file").stdout());
        assertEquals("/no/such/target\n", sandbox.exec("readlink", "/tmp/links/dangling").stdout());
        assertEquals(1, sandbox.exec("test", "-e", "/tmp/links/pipe").exitCode());
    }

    @Test
    void aLoopOfSymlinksIsAClearErrorNotAHang() {
        sandbox.exec("sh", "-c", "ln -sf /tmp/loop-b /tmp/loop-a && ln -sf /tmp/loop-a /tmp/loop-b");
        dev.sandboxes.errors.SandboxException e = assertThrows(dev.sandboxes.errors.SandboxException.class, () -> sandbox.readFile("/tmp/loop-a"));
        assertTrue(e.getMessage().contains("loop"), e.getMessage());
    }
}
