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

    private enum Type { DIRECTORY, FILE, SYMLINK, HARDLINK }

    private record Entry(String path, Type type, byte[] content, String linkTarget, int mode, int uid, int gid) {
    }

    private final List<Entry> entries = new ArrayList<>();

    SetupArchive directory(String path, int mode, int uid, int gid) {
        entries.add(new Entry(relative(path), Type.DIRECTORY, new byte[0], null, mode, uid, gid));
        return this;
    }

    SetupArchive file(String path, String content, int mode, int uid, int gid) {
        return file(path, content.getBytes(StandardCharsets.UTF_8), mode, uid, gid);
    }

    SetupArchive file(String path, byte[] content, int mode, int uid, int gid) {
        entries.add(new Entry(relative(path), Type.FILE, content, null, mode, uid, gid));
        return this;
    }

    SetupArchive symlink(String path, String target, int uid, int gid) {
        entries.add(new Entry(relative(path), Type.SYMLINK, new byte[0], target, 0777, uid, gid));
        return this;
    }

    /** A second name for a file written earlier in this archive, at {@code target}. */
    SetupArchive hardLink(String path, String target, int mode, int uid, int gid) {
        entries.add(new Entry(relative(path), Type.HARDLINK, new byte[0], relative(target), mode, uid, gid));
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
            // Directory services hand out ids far above what plain tar headers hold (1870000513).
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            for (Entry entry : entries) {
                TarArchiveEntry header = switch (entry.type()) {
                    case DIRECTORY -> new TarArchiveEntry(entry.path() + "/", TarArchiveEntry.LF_DIR);
                    case SYMLINK -> new TarArchiveEntry(entry.path(), TarArchiveEntry.LF_SYMLINK);
                    case HARDLINK -> new TarArchiveEntry(entry.path(), TarArchiveEntry.LF_LINK);
                    case FILE -> new TarArchiveEntry(entry.path(), TarArchiveEntry.LF_NORMAL);
                };
                if (entry.linkTarget() != null) {
                    header.setLinkName(entry.linkTarget());
                }
                int kind = switch (entry.type()) {
                    case DIRECTORY -> 040000;
                    case SYMLINK -> 0120000;
                    default -> 0100000;
                };
                header.setMode(kind | entry.mode());
                header.setIds(entry.uid(), entry.gid());
                if (entry.type() == Type.FILE) {
                    header.setSize(entry.content().length);
                }
                tar.putArchiveEntry(header);
                if (entry.type() == Type.FILE) {
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
