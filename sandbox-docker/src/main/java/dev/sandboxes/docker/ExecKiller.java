package dev.sandboxes.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Frame;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kills an exec'd process and everything it started. The engine has no API to kill an exec, and
 * the process outlives its client; so every exec carries a tag in its environment, which its
 * children inherit, and a second exec kills every process whose environment holds the tag.
 */
final class ExecKiller {

    /** The variable that tags an exec's processes. */
    static final String TAG = "SANDBOXES_EXEC_ID";

    private static final Logger LOG = LoggerFactory.getLogger(ExecKiller.class);

    private final DockerClient client;

    ExecKiller(DockerClient client) {
        this.client = client;
    }

    /**
     * Kills the tagged processes, as the user that runs them: reading another user's environment
     * needs CAP_SYS_PTRACE, which containers do not have, even as root. Waits a bounded time.
     *
     * @param user the exec's user; empty for the container's (the agent)
     */
    void kill(String containerId, String tag, java.util.Optional<String> user) {
        String script = "for d in /proc/[0-9]*; do"
                + " if { tr '\\0' '\\n' < \"$d/environ\"; } 2>/dev/null | grep -qx '" + TAG + "=" + tag + "'; then"
                + " kill -KILL \"${d#/proc/}\" 2>/dev/null; fi; done; exit 0";
        try {
            var create = client.execCreateCmd(containerId).withCmd("sh", "-c", script)
                    .withAttachStdout(true).withAttachStderr(true);
            user.ifPresent(create::withUser);
            String execId = create.exec().getId();
            client.execStartCmd(execId).exec(new QuietCallback<Frame>()).awaitCompletion(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // The sandbox stopped or vanished: its processes are gone with it.
            LOG.debug("Killing exec {} in {} failed: {}", tag, containerId, e.toString());
        }
    }

    /** The environment entry that tags an exec. */
    static List<String> tagEnv(String tag) {
        return List.of(TAG + "=" + tag);
    }

}
