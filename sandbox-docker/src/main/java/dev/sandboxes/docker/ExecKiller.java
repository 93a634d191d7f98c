package dev.sandboxes.docker;

import dev.sandboxes.exec.ExecRequest;
import dev.sandboxes.exec.ExecResult;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kills an exec'd process and everything it started. The engine has no API to kill an exec, and
 * the process outlives its client; so every exec carries a tag in its environment, which its
 * children inherit.
 *
 * <p>Two steps. The exec's own user finds the tagged processes: reading another user's environment
 * needs CAP_SYS_PTRACE, which containers lack even as root. Then root walks the process tree down
 * from them (children that changed user through sudo, or dropped the tag, included), stopping each
 * process it finds so that nothing can fork behind the walk, and kills them all at once. Where root
 * could not (a sandbox with sudo off, whose root has no capabilities), the exec's own users do.
 */
final class ExecKiller {

    /** The variable that tags an exec's processes. */
    static final String TAG = "SANDBOXES_EXEC_ID";

    private static final Logger LOG = LoggerFactory.getLogger(ExecKiller.class);

    /** Runs a short command in the sandbox and returns its result. */
    private final BiFunction<String, ExecRequest, ExecResult> run;

    ExecKiller(BiFunction<String, ExecRequest, ExecResult> run) {
        this.run = run;
    }

    /**
     * @param users the users whose processes may carry the tag; empty for the container's (the agent)
     * @return whether any tagged process was found
     */
    boolean kill(String containerId, String tag, List<Optional<String>> users) {
        Set<String> roots = new LinkedHashSet<>();
        for (Optional<String> user : users) {
            roots.addAll(tagged(containerId, tag, user));
        }
        if (roots.isEmpty()) {
            return false;
        }
        String tree = "set=' " + String.join(" ", roots) + " '; kill -STOP $set 2>/dev/null;"
                + " while :; do"
                + "  new=$(awk -v set=\"$set\" '/^Pid:/{p=$2} /^PPid:/{if (index(set, \" \" $2 \" \") && !index(set, \" \" p \" \")) print p}'"
                + "   /proc/[0-9]*/status 2>/dev/null | sort -u | tr '\\n' ' ');"
                + "  [ -z \"$new\" ] && break; kill -STOP $new 2>/dev/null; set=\"$set$new \";"
                + " done; kill -KILL $set 2>/dev/null";
        // Root first: it reaches children that changed user through sudo. In a sandbox made with
        // sudo off (no-new-privileges), root's execs have no capabilities and cannot signal the
        // agent's processes: when root's kill fails, the exec's own users kill what is theirs.
        Set<Optional<String>> killers = new LinkedHashSet<>();
        killers.add(Optional.of("root"));
        killers.addAll(users);
        for (Optional<String> killer : killers) {
            ExecRequest request = ExecRequest.shell(tree).inDirectory("/");
            try {
                if (run.apply(containerId, killer.map(request::asUser).orElse(request)).succeeded()) {
                    break;
                }
            } catch (RuntimeException e) {
                // The sandbox stopped or vanished: its processes are gone with it.
                LOG.debug("Killing exec {} in {} as {} failed: {}", tag, containerId, killer.orElse("its user"), e.toString());
                break;
            }
        }
        return true;
    }

    /** The pids whose environment holds the tag, as far as {@code user} can read. */
    private List<String> tagged(String containerId, String tag, Optional<String> user) {
        // The tag goes in as an argument, never into the script: a detached command's id comes from
        // callers (an MCP client, say), and this script also runs as root.
        String find = "for d in /proc/[0-9]*; do"
                + " if { tr '\\0' '\\n' < \"$d/environ\"; } 2>/dev/null | grep -qxF -e \"$1\"; then"
                + " echo \"${d#/proc/}\"; fi; done; exit 0";
        ExecRequest request = ExecRequest.of("sh", "-c", find, "sh", TAG + "=" + tag).inDirectory("/");
        try {
            ExecResult found = run.apply(containerId, user.map(request::asUser).orElse(request));
            List<String> pids = new ArrayList<>();
            for (String line : found.stdout().split("\n")) {
                if (line.matches("\\d+")) {
                    pids.add(line);
                }
            }
            return pids;
        } catch (RuntimeException e) {
            LOG.debug("Finding exec {} in {} failed: {}", tag, containerId, e.toString());
            return List.of();
        }
    }

    /** The environment entry that tags an exec. */
    static List<String> tagEnv(String tag) {
        return List.of(TAG + "=" + tag);
    }
}
