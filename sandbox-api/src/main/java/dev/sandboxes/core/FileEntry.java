package dev.sandboxes.core;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of a folder in a sandbox, as {@link dev.sandboxes.Sandbox#listFiles(String)} found it. A symbolic link
 * is described as itself (its target is not followed).
 *
 * <pre>{@code
 * for (FileEntry entry : sandbox.listFiles("/workspace/src")) {
 *     System.out.printf("%s %o %d %s%n", entry.type(), entry.mode(), entry.size(), entry.name());
 * }
 * }</pre>
 *
 * @param name       the entry's name in its folder
 * @param path       the entry's absolute path in the sandbox
 * @param type       a file, a folder, a symbolic link, or something else (a pipe, socket or device)
 * @param size       the size in bytes (of the link itself for a link)
 * @param mode       the permission bits, as in {@code chmod} ({@code 0644}; with setuid, setgid and sticky bits)
 * @param uid        the owner's numeric user id in the sandbox
 * @param gid        the owner's numeric group id in the sandbox
 * @param modified   when the content last changed, to the second
 * @param linkTarget what a symbolic link points to, as written in it; empty for everything else
 */
public record FileEntry(String name, String path, Type type, long size, int mode, int uid, int gid, Instant modified,
                        Optional<String> linkTarget) {

    /** What kind of entry it is. */
    public enum Type {
        FILE, FOLDER, SYMLINK, OTHER
    }

    public FileEntry {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(modified, "modified");
        Objects.requireNonNull(linkTarget, "linkTarget");
        if (size < 0) {
            throw new IllegalArgumentException("A size is never negative: " + size);
        }
        mode &= 07777;
    }

    /** Whether it is a folder (a link to a folder is a {@link Type#SYMLINK}). */
    public boolean isFolder() {
        return type == Type.FOLDER;
    }
}
