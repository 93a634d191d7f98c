package dev.sandboxes.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sandboxes.errors.SandboxException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Unpacking archives copied out of a sandbox: the sandbox is agent-controlled, so its archives are untrusted. */
class SandboxFilesTest {

    @TempDir
    Path tmp;

    @Test
    void aFolderIsUnpackedUnderTheHostsNameWithItsModes() throws IOException {
        Path host = tmp.resolve("copy");
        SandboxFiles.extractAll(tar(dir("src"), file("src/run.sh", "echo hi\n", 0755), file("src/a.txt", "a\n", 0600)),
                host, "/work/src");
        assertEquals("echo hi\n", Files.readString(host.resolve("run.sh")));
        assertTrue(Files.isExecutable(host.resolve("run.sh")));
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(host.resolve("a.txt"))));
    }

    @Test
    void entriesClimbingOutWithDotDotAreRefused() {
        Path host = tmp.resolve("copy");
        SandboxException e = assertThrows(SandboxException.class,
                () -> SandboxFiles.extractAll(tar(dir("src"), file("src/../../evil", "x", 0644)), host, "/work/src"));
        assertTrue(e.getMessage().contains("outside"), e.getMessage());
        assertTrue(Files.notExists(tmp.resolve("evil")) && Files.notExists(tmp.getParent().resolve("evil")));
    }

    @Test
    void aSecondTopLevelItemIsRefused() {
        assertThrows(SandboxException.class,
                () -> SandboxFiles.extractAll(tar(file("one", "1", 0644), file("two", "2", 0644)), tmp.resolve("copy"), "/one"));
        assertTrue(Files.notExists(tmp.resolve("two")));
    }

    @Test
    void writingThroughASymlinkUnpackedEarlierIsRefused() throws IOException {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        TarArchiveEntry link = new TarArchiveEntry("src/link", TarArchiveEntry.LF_SYMLINK);
        link.setLinkName(outside.toString());
        assertThrows(SandboxException.class,
                () -> SandboxFiles.extractAll(tar(dir("src"), link, file("src/link/evil", "x", 0644)), tmp.resolve("copy"), "/src"));
        assertTrue(Files.notExists(outside.resolve("evil")));
    }

    @Test
    void aTopLevelSymlinkIsRefusedAndNothingIsWrittenThroughIt() throws IOException {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        TarArchiveEntry link = new TarArchiveEntry("src", TarArchiveEntry.LF_SYMLINK);
        link.setLinkName(outside.toString());
        assertThrows(SandboxException.class,
                () -> SandboxFiles.extractAll(tar(link, file("src/x", "x", 0644)), tmp.resolve("copy"), "/src"));
        assertTrue(Files.notExists(outside.resolve("x")));
    }

    @Test
    void aFolderEntryThroughASymlinkIsRefusedAndTheTargetKeepsItsMode() throws IOException {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.setPosixFilePermissions(outside, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        TarArchiveEntry link = new TarArchiveEntry("src/link", TarArchiveEntry.LF_SYMLINK);
        link.setLinkName(outside.toString());
        TarArchiveEntry through = dir("src/link");
        through.setMode(040777);
        assertThrows(SandboxException.class,
                () -> SandboxFiles.extractAll(tar(dir("src"), link, through), tmp.resolve("copy"), "/src"));
        assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(outside)));
    }

    @Test
    void aReadOnlyFolderIsFilledThenMadeReadOnly() throws IOException {
        TarArchiveEntry readOnly = dir("src/cache");
        readOnly.setMode(040555);
        Path host = tmp.resolve("copy");
        SandboxFiles.extractAll(tar(dir("src"), readOnly, file("src/cache/mod.go", "package m\n", 0444)), host, "/src");
        assertEquals("package m\n", Files.readString(host.resolve("cache/mod.go")));
        assertEquals("r-xr-xr-x", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(host.resolve("cache"))));
    }

    @Test
    void hardLinksInsideTheArchiveAreKept() throws IOException {
        TarArchiveEntry hard = new TarArchiveEntry("src/b", TarArchiveEntry.LF_LINK);
        hard.setLinkName("src/a");
        Path host = tmp.resolve("copy");
        SandboxFiles.extractAll(tar(dir("src"), file("src/a", "data", 0644), hard), host, "/src");
        assertEquals("data", Files.readString(host.resolve("b")));
        assertEquals(Files.getAttribute(host.resolve("a"), "unix:ino"), Files.getAttribute(host.resolve("b"), "unix:ino"));
    }

    private static TarArchiveEntry dir(String name) {
        TarArchiveEntry entry = new TarArchiveEntry(name + "/", TarArchiveEntry.LF_DIR);
        entry.setMode(040755);
        return entry;
    }

    private static Object[] file(String name, String content, int mode) {
        TarArchiveEntry entry = new TarArchiveEntry(name, TarArchiveEntry.LF_NORMAL);
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        entry.setSize(bytes.length);
        entry.setMode(0100000 | mode);
        return new Object[] {entry, bytes};
    }

    private static ByteArrayInputStream tar(Object... entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes)) {
            for (Object item : entries) {
                TarArchiveEntry entry = item instanceof Object[] pair ? (TarArchiveEntry) pair[0] : (TarArchiveEntry) item;
                out.putArchiveEntry(entry);
                if (item instanceof Object[] pair) {
                    out.write((byte[]) pair[1]);
                }
                out.closeArchiveEntry();
            }
        }
        return new ByteArrayInputStream(bytes.toByteArray());
    }
}
