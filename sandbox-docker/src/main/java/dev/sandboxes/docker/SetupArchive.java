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
 * agent user needs is in place before anything runs. Tar headers carry owners and modes: that is how
 * files get the right owner in images that have no {@code usermod}, without running anything inside.
 */
final class SetupArchive {

    private record Entry(String path, byte[] content, String linkTarget, int mode, int uid, int gid, boolean directory) {
    }

    private final List<Entry> entries = new ArrayList<>();

    SetupArchive directory(String path, int mode, int uid, int gid) {
        entries.add(new Entry(relative(path), new byte[0], null, mode, uid, gid, true));
        return this;
    }

    SetupArchive file(String path, String content, int mode, int uid, int gid) {
        return file(path, content.getBytes(StandardCharsets.UTF_8), mode, uid, gid);
    }

    SetupArchive file(String path, byte[] content, int mode, int uid, int gid) {
        entries.add(new Entry(relative(path), content, null, mode, uid, gid, false));
        return this;
    }

    SetupArchive link(String path, String target, int uid, int gid) {
        entries.add(new Entry(relative(path), new byte[0], target, 0777, uid, gid, false));
        return this;
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    /** The paths written, for tests and logs. */
    List<String> paths() {
        return entries.stream().map(e -> "/" + e.path()).toList();
    }

    InputStream toTar() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Entry entry : entries) {
                TarArchiveEntry header;
                if (entry.linkTarget() != null) {
                    header = new TarArchiveEntry(entry.path(), TarArchiveEntry.LF_SYMLINK);
                    header.setLinkName(entry.linkTarget());
                } else if (entry.directory()) {
                    header = new TarArchiveEntry(entry.path() + "/", TarArchiveEntry.LF_DIR);
                } else {
                    header = new TarArchiveEntry(entry.path(), TarArchiveEntry.LF_NORMAL);
                    header.setSize(entry.content().length);
                }
                header.setMode((entry.directory() ? 040000 : entry.linkTarget() != null ? 0120000 : 0100000) | entry.mode());
                header.setIds(entry.uid(), entry.gid());
                tar.putArchiveEntry(header);
                if (entry.linkTarget() == null && !entry.directory()) {
                    tar.write(entry.content());
                }
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
