package dev.sandboxes.docker;

import java.util.List;
import java.util.Optional;

/**
 * What a template image holds that decides how its sandboxes' agent user is set up: its user and
 * group files, whether it has a shell and sudo, and the agent's home as the image ships it.
 *
 * @param imageId    the image's id, which the facts belong to
 * @param passwd     the content of /etc/passwd, empty when the image has none
 * @param group      the content of /etc/group, empty when the image has none
 * @param hasShell   whether /bin/sh exists
 * @param hasSudo    whether /usr/bin/sudo exists
 * @param sudoers    /etc/sudoers and the files of /etc/sudoers.d, one after the other
 * @param agentHome  the entries of the image's agent's home folder; empty when the image has no
 *                   agent or no such folder, or when it is too big to carry in memory
 * @param agentHomeTooBig whether the home was too big to carry: it must be re-owned in place
 */
record ImageFacts(String imageId, String passwd, String group, boolean hasShell, boolean hasSudo, String sudoers,
                  Optional<List<HomeEntry>> agentHome, boolean agentHomeTooBig) {

    /** What a home entry is; devices, sockets and pipes are left out of homes. */
    enum Kind { DIRECTORY, FILE, SYMLINK, HARDLINK }

    /**
     * One entry of the agent's home, relative to it ("" is the home itself).
     *
     * @param linkTarget a symlink's target, or a hardlink's other path relative to the home
     */
    record HomeEntry(String path, Kind kind, String linkTarget, int mode, byte[] content) {
    }
}
