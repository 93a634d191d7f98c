package dev.sandboxes.docker;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Files written into a created, not yet started container in one archive, so that everything the
 * sandbox needs is in place before anything runs in it. Tar headers carry owners and modes, which
 * is how files get the right owner without running anything inside. Paths are relative to {@code /}.
 */
final class SetupArchive {

    /** Where the ready mark lives; written last in the archive, so its presence means all is there. */
    static final String READY_MARK = "/etc/sandboxes/ready";

    private record Entry(String path, byte[] content, int mode, int uid, int gid, boolean directory) {
    }

    private final List<Entry> entries = new ArrayList<>();

    SetupArchive directory(String path, int mode, int uid, int gid) {
        entries.add(new Entry(relative(path) + "/", new byte[0], mode, uid, gid, true));
        return this;
    }

    SetupArchive file(String path, String content, int mode, int uid, int gid) {
        entries.add(new Entry(relative(path), content.getBytes(StandardCharsets.UTF_8), mode, uid, gid, false));
        return this;
    }

    /** The archive for a new sandbox: the library's folder and, last, the ready mark. */
    static SetupArchive forNewSandbox(String readyText) {
        return new SetupArchive()
                .directory("/etc/sandboxes", 0755, 0, 0)
                .file(READY_MARK, readyText, 0644, 0, 0);
    }

    InputStream toTar() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Entry entry : entries) {
                TarArchiveEntry header = new TarArchiveEntry(entry.path(),
                        entry.directory() ? TarArchiveEntry.LF_DIR : TarArchiveEntry.LF_NORMAL);
                header.setMode((entry.directory() ? 040000 : 0100000) | entry.mode());
                header.setIds(entry.uid(), entry.gid());
                header.setSize(entry.content().length);
                tar.putArchiveEntry(header);
                tar.write(entry.content());
                tar.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Writing an in-memory archive failed", e);
        }
        return new ByteArrayInputStream(bytes.toByteArray());
    }

    private static String relative(String absolute) {
        return absolute.startsWith("/") ? absolute.substring(1) : absolute;
    }
}
