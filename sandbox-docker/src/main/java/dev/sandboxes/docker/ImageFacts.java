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
 * @param agentSudo  whether sudo is installed and lets the agent (or a group it is in) run without a password
 * @param agentHome  the entries of the agent's home folder, when the image has an agent user and the home is small
 */
record ImageFacts(String imageId, String passwd, String group, boolean hasShell, boolean agentSudo,
                  Optional<List<HomeEntry>> agentHome) {

    /** One file, folder or link of the agent's home, relative to it ("" is the home itself). */
    record HomeEntry(String path, boolean directory, String linkTarget, int mode, byte[] content) {
    }
}
