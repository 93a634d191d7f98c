package dev.sandboxes.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Frame;
import dev.sandboxes.errors.SandboxException;
import dev.sandboxes.exec.DetachedExec;
import dev.sandboxes.exec.ExecRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Commands that keep running on their own. They carry the exec tag (so they can be killed like any
 * exec) and a mark that they are detached, which is how they are found again: the engine forgets
 * execs, the sandbox's processes do not.
 */
final class DetachedExecs {

    private static final String MARK = "SANDBOXES_DETACHED=1";

    private final DockerClient client;
    private final DockerErrors errors;
    private final DockerExec exec;
    private final ExecKiller killer;

    DetachedExecs(DockerClient client, DockerErrors errors, DockerExec exec) {
        this.client = client;
        this.errors = errors;
        this.exec = exec;
        this.killer = exec.killer();
    }

    DetachedExec start(String containerId, ExecRequest request) {
        String id = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String log = "/tmp/sandboxes-exec-" + id + ".log";
        List<String> argv = new ArrayList<>(List.of("sh", "-c", "exec \"$@\" >>" + log + " 2>&1", "sandboxes-detached"));
        argv.addAll(request.argv());
        List<String> env = new ArrayList<>(ExecKiller.tagEnv(id));
        env.add(MARK);
        DockerExec.home(request.user()).ifPresent(home -> env.add("HOME=" + home));
        request.env().forEach((name, value) -> env.add(name + "=" + value));
        errors.run("start " + request.argv().get(0) + " detached in sandbox " + containerId, () -> {
            var create = client.execCreateCmd(containerId).withCmd(argv.toArray(String[]::new)).withEnv(env);
            request.workingDirectory().ifPresent(create::withWorkingDir);
            request.user().ifPresent(create::withUser);
            String execId = create.exec().getId();
            QuietCallback<Frame> started = client.execStartCmd(execId).withDetach(true).exec(new QuietCallback<>());
            try {
                started.awaitCompletion(30, TimeUnit.SECONDS);
                started.rethrowFailure();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SandboxException("Interrupted while starting " + request.argv().get(0), e);
            } finally {
                started.closeQuietly();
            }
        });
        return new DetachedExec(id, String.join(" ", request.argv()), log);
    }

    /**
     * Found by their mark among the processes of the agent and of root (each can read only its own
     * processes' environment); the lowest pid of an id is the command itself.
     */
    List<DetachedExec> list(String containerId) {
        String scan = "for d in /proc/[0-9]*; do"
                + " e=$( { tr '\\0' '\\n' < \"$d/environ\"; } 2>/dev/null ) || continue;"
                + " case \"$e\" in *" + MARK + "*) ;; *) continue;; esac;"
                + " id=$(printf '%s\\n' \"$e\" | sed -n 's/^" + ExecKiller.TAG + "=//p');"
                + " cmd=$( { tr '\\0' ' ' < \"$d/cmdline\"; } 2>/dev/null );"
                + " printf '%s\\t%s\\t%s\\n' \"$id\" \"${d#/proc/}\" \"$cmd\";"
                + " done; exit 0";
        ExecRequest request = ExecRequest.shell(scan).inDirectory("/");
        String found = exec.start(containerId, request).await().stdout()
                + exec.start(containerId, request.asRoot()).await().stdout();
        Map<String, String[]> byId = new LinkedHashMap<>();
        for (String line : found.split("\n")) {
            String[] fields = line.split("\t", 3);
            if (fields.length == 3 && !fields[0].isEmpty()) {
                String[] known = byId.get(fields[0]);
                if (known == null || Integer.parseInt(fields[1]) < Integer.parseInt(known[1])) {
                    byId.put(fields[0], fields);
                }
            }
        }
        List<DetachedExec> running = new ArrayList<>();
        byId.forEach((id, fields) -> running.add(new DetachedExec(id, fields[2].strip(), "/tmp/sandboxes-exec-" + id + ".log")));
        return running;
    }

    void kill(String containerId, String id) {
        killer.kill(containerId, id, List.of(java.util.Optional.empty(), java.util.Optional.of("root")));
    }
}
