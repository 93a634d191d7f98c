package dev.sandboxes.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.ExecCreateCmd;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.sandboxes.agents.AgentUser;
import dev.sandboxes.errors.InvalidSandboxConfigException;
import dev.sandboxes.errors.SandboxException;
import dev.sandboxes.errors.SandboxNotFoundException;
import dev.sandboxes.errors.SandboxStateException;
import dev.sandboxes.exec.ExecHandle;
import dev.sandboxes.exec.ExecRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs commands in sandboxes: creates the exec through docker-java, then starts it on a connection
 * of our own ({@link ExecHijack}) so that standard input can end and output streams as it
 * comes. The same engine calls as a plain docker-java exec: create, start attached, inspect.
 */
final class DockerExec implements AutoCloseable {

    private final DockerClient client;
    private final DockerErrors errors;
    private final DockerEndpoint endpoint;
    private final String apiVersion;
    private final ExecKiller killer;
    private final ExecutorService threads = Executors.newCachedThreadPool(daemon("sandbox-exec"));
    private final ScheduledExecutorService timeouts = Executors.newSingleThreadScheduledExecutor(daemon("sandbox-exec-timeout"));

    DockerExec(DockerClient client, DockerErrors errors, DockerEndpoint endpoint, String apiVersion) {
        this.client = client;
        this.errors = errors;
        this.endpoint = endpoint;
        this.apiVersion = apiVersion;
        this.killer = new ExecKiller((containerId, request) -> start(containerId, request).await());
    }

    /** Whether commands can be given standard input on this engine (not on one reached over TLS). */
    boolean feedsStdin() {
        return ExecHijack.supports(endpoint);
    }

    ExecHandle start(String containerId, ExecRequest request) {
        long started = System.nanoTime();
        String tag = UUID.randomUUID().toString();
        String action = "run " + request.argv().get(0) + " in sandbox " + containerId;
        boolean hijack = ExecHijack.supports(endpoint);
        if (!hijack && (request.stdin().isPresent() || request.stdinOpen() || request.tty())) {
            throw new InvalidSandboxConfigException("Standard input needs an engine on a Unix socket or plain TCP;"
                    + " the engine at " + endpoint.host() + " is behind TLS, whose connections cannot end input.");
        }
        String execId = create(containerId, request, tag, action);
        if (!hijack) {
            ExecSession session = new ExecSession(containerId, execId, tag, request, null, client, errors, killer, started);
            session.beginThroughDockerJava(threads, timeouts);
            return session;
        }
        ExecConnection connection;
        try {
            connection = ExecHijack.start(endpoint, apiVersion, execId, request.tty());
        } catch (IOException e) {
            throw ExecHijack.failure(e, containerId, request, errors);
        }
        ExecSession session = new ExecSession(containerId, execId, tag, request, connection, client, errors, killer, started);
        try {
            session.begin(threads, timeouts);
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            connection.close();
            throw new SandboxException("This Docker runtime is closed: open a new one to run commands.", closed);
        }
        return session;
    }

    /** The killer, for detached commands, which have no session. */
    ExecKiller killer() {
        return killer;
    }

    @Override
    public void close() {
        threads.shutdown();
        timeouts.shutdown();
    }

    private String create(String containerId, ExecRequest request, String tag, String action) {
        try {
            List<String> env = new ArrayList<>(ExecKiller.tagEnv(tag));
            // HOME as the user's own: the engine takes it from the image's ENV, or from the first
            // passwd entry of the uid, which may be another user's.
            home(request.user()).ifPresent(home -> env.add("HOME=" + home));
            request.env().forEach((name, value) -> env.add(name + "=" + value));
            ExecCreateCmd create = client.execCreateCmd(containerId)
                    .withCmd(request.argv().toArray(String[]::new))
                    // A terminal's programs read it as their standard input (stty, an interactive shell).
                    .withAttachStdin(request.stdin().isPresent() || request.stdinOpen() || request.tty())
                    .withAttachStdout(true)
                    .withAttachStderr(true)
                    .withTty(request.tty())
                    .withEnv(env);
            request.workingDirectory().ifPresent(create::withWorkingDir);
            // No user: the container's, which is the agent user (by name, so its groups come along).
            request.user().ifPresent(create::withUser);
            return create.exec().getId();
        } catch (ConflictException notRunning) {
            throw new SandboxStateException("Sandbox " + containerId + " is not running ("
                    + DockerErrors.engineMessage(notRunning) + "): it was stopped, or the engine is restarting (a running sandbox"
                    + " comes back with it, and this handle works again). Open its workspace again to start it.", notRunning);
        } catch (NotFoundException gone) {
            throw gone(containerId);
        } catch (RuntimeException e) {
            throw errors.translate(action, e);
        }
    }

    static SandboxException gone(String containerId) {
        return new SandboxNotFoundException("Sandbox " + containerId + " does not exist any more: it was removed."
                + " Open its workspace again for a new one.");
    }

    /** HOME for an exec's user: the agent's, root's, or the image's idea for anyone else. */
    static Optional<String> home(Optional<String> user) {
        if (user.isEmpty() || user.get().equals(AgentUser.NAME)) {
            return Optional.of(AgentUser.HOME);
        }
        return user.get().equals("root") || user.get().equals("0") ? Optional.of("/root") : Optional.empty();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
