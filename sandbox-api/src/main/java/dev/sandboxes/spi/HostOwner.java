package dev.sandboxes.spi;

/**
 * Who owns the workspace folder on the host, and its permission bits: what a runtime needs to make
 * files the sandbox creates belong to the owner, and to tell whether the agent may write there.
 *
 * <pre>{@code
 * spec.workspaceOwner().ifPresent(owner -> System.out.println(owner.uid() + ":" + owner.gid()));
 * }</pre>
 *
 * @param uid  the owner's user id
 * @param gid  the folder's group id
 * @param mode the permission bits, such as {@code 0755}
 */
public record HostOwner(int uid, int gid, int mode) {

    /** The owner of a folder of this machine; empty where the file system has no unix owners. */
    public static java.util.Optional<HostOwner> of(java.nio.file.Path folder) {
        try {
            return java.util.Optional.of(new HostOwner((Integer) java.nio.file.Files.getAttribute(folder, "unix:uid"),
                    (Integer) java.nio.file.Files.getAttribute(folder, "unix:gid"),
                    (Integer) java.nio.file.Files.getAttribute(folder, "unix:mode") & 07777));
        } catch (UnsupportedOperationException | IllegalArgumentException | java.io.IOException e) {
            return java.util.Optional.empty();
        }
    }

    /** Whether a user of this uid and primary gid may create files in the folder. */
    public boolean writableBy(int userId, int groupId) {
        if (userId == 0) {
            return true;
        }
        if (userId == uid) {
            return (mode & 0200) != 0;
        }
        if (groupId == gid) {
            return (mode & 0020) != 0;
        }
        return (mode & 0002) != 0;
    }
}
