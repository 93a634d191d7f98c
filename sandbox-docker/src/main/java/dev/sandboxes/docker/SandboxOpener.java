package dev.sandboxes.docker;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;
import dev.sandboxes.InvalidSandboxConfigException;
import dev.sandboxes.SandboxConflictException;
import dev.sandboxes.SandboxEvent;
import dev.sandboxes.SandboxLabels;
import dev.sandboxes.SandboxListener;
import dev.sandboxes.SandboxStatus;
import dev.sandboxes.SandboxSummary;
import dev.sandboxes.SandboxTimeoutException;
import dev.sandboxes.spi.SandboxSpec;
import dev.sandboxes.spi.SpecLabels;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The flow of one {@code open()} on Docker: find the workspace's container by label; reuse it,
 * start it, or create it. Concurrent opens of one workspace (threads or processes) all try to create
 * the same name; the engine lets one win, and the others wait until the winner's sandbox is running.
 * A sandbox left unstarted by a creator that died is started by whoever finds it after a grace time.
 */
final class SandboxOpener {

    /** How long a created, never started container may stay so before another process starts it. */
    static final Duration TAKEOVER_GRACE = Duration.ofSeconds(5);
    private static final long POLL_MILLIS = 50;

    private final ContainerLookup lookup;
    private final SandboxCreator creator;
    private final SandboxRemover remover;

    SandboxOpener(ContainerLookup lookup, SandboxCreator creator, SandboxRemover remover) {
        this.lookup = lookup;
        this.creator = creator;
        this.remover = remover;
    }

    SandboxSummary open(SandboxSpec spec, Duration timeout, SandboxListener listener) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            Optional<Container> existing = lookup.byWorkspace(spec.workspace());
            if (existing.isPresent()) {
                SandboxSummary found = ContainerMapper.summary(existing.get());
                List<String> differences = SpecLabels.differences(spec, found.labels());
                if (!differences.isEmpty()) {
                    if (!spec.recreate()) {
                        throw new SandboxConflictException(found.name(), differences);
                    }
                    remover.remove(found.id(), listener);
                    continue;
                }
                Optional<SandboxSummary> ready = bringUp(found, listener);
                if (ready.isPresent()) {
                    return ready.get();
                }
            } else {
                listener.onEvent(SandboxEvent.now(SandboxEvent.Type.CREATING, "", spec.name(), spec.workspace()));
                Optional<String> created = creator.create(spec, remaining(deadline, spec, timeout));
                if (created.isPresent()) {
                    return finishNew(created.get(), spec, listener);
                }
                refuseForeignName(spec);
            }
            pause(deadline, spec, timeout);
        }
    }

    /** Makes an existing sandbox usable; empty when its creator is still at work. */
    private Optional<SandboxSummary> bringUp(SandboxSummary found, SandboxListener listener) {
        switch (found.status()) {
            case RUNNING:
                // Only a set-up sandbox is ever started, so running means ready: no further check.
                listener.onEvent(event(SandboxEvent.Type.REUSED, found));
                return Optional.of(found);
            case STOPPED:
                creator.start(found.id(), found.workspace());
                listener.onEvent(event(SandboxEvent.Type.STARTED, found));
                return Optional.of(running(found));
            case PAUSED:
                creator.unpause(found.id());
                listener.onEvent(event(SandboxEvent.Type.REUSED, found));
                return Optional.of(running(found));
            case CREATED:
                return startCreated(found, listener);
            default:
                // Restarting or being removed: look again shortly.
                return Optional.empty();
        }
    }

    /**
     * A container that was created but never started: its creator is still checking the workspace
     * mount, or died. Give it the grace time, then start it in its place.
     */
    private Optional<SandboxSummary> startCreated(SandboxSummary found, SandboxListener listener) {
        if (found.created().plus(TAKEOVER_GRACE).isAfter(Instant.now())) {
            return Optional.empty();
        }
        creator.start(found.id(), found.workspace());
        listener.onEvent(event(SandboxEvent.Type.STARTED, found));
        return Optional.of(running(found));
    }

    private SandboxSummary finishNew(String id, SandboxSpec spec, SandboxListener listener) {
        try {
            creator.checkWorkspaceVisible(id, spec.workspace());
        } catch (RuntimeException e) {
            creator.discard(id);
            throw e;
        }
        Map<String, String> labels = SpecLabels.forCreation(spec);
        SandboxSummary created = new SandboxSummary(id, spec.name(), spec.workspace(), spec.agentOrDefault(),
                spec.requireTemplate(), SandboxStatus.CREATED, Instant.now(), labels);
        listener.onEvent(event(SandboxEvent.Type.CREATED, created));
        creator.start(id, spec.workspace());
        listener.onEvent(event(SandboxEvent.Type.STARTED, created));
        return running(created);
    }

    /**
     * The name was taken but no sandbox of this workspace exists: either the winner of a race is
     * not yet listed (look again), or the name belongs to something else (say so).
     */
    private void refuseForeignName(SandboxSpec spec) {
        Optional<InspectContainerResponse> holder = lookup.anyByName(spec.name());
        if (holder.isEmpty()) {
            return;
        }
        Map<String, String> labels = holder.get().getConfig().getLabels();
        String workspace = labels == null ? null : labels.get(SandboxLabels.WORKSPACE);
        boolean sandbox = labels != null && "true".equals(labels.get(SandboxLabels.MARKER));
        if (!sandbox) {
            throw new InvalidSandboxConfigException("The name '" + spec.name() + "' is taken by a container that is"
                    + " not a sandbox: choose another name with name(...).");
        }
        if (!spec.workspace().toString().equals(workspace)) {
            throw new InvalidSandboxConfigException("The name '" + spec.name() + "' is taken by the sandbox of "
                    + workspace + ": choose another name with name(...), or remove that sandbox.");
        }
    }

    private static Duration remaining(Instant deadline, SandboxSpec spec, Duration timeout) {
        Duration left = Duration.between(Instant.now(), deadline);
        if (left.isNegative() || left.isZero()) {
            throw timedOut(spec, timeout);
        }
        return left;
    }

    private static void pause(Instant deadline, SandboxSpec spec, Duration timeout) {
        if (Instant.now().plusMillis(POLL_MILLIS).isAfter(deadline)) {
            throw timedOut(spec, timeout);
        }
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxTimeoutException("Interrupted while waiting for sandbox " + spec.name() + " to be ready.",
                    timeout);
        }
    }

    private static SandboxTimeoutException timedOut(SandboxSpec spec, Duration timeout) {
        return new SandboxTimeoutException("The sandbox " + spec.name() + " of " + spec.workspace()
                + " was not ready within " + timeout + ": another process may still be creating it."
                + " Try again, or raise openTimeout(...).", timeout);
    }

    private static SandboxSummary running(SandboxSummary summary) {
        return new SandboxSummary(summary.id(), summary.name(), summary.workspace(), summary.agent(),
                summary.template(), SandboxStatus.RUNNING, summary.created(), summary.labels());
    }

    private static SandboxEvent event(SandboxEvent.Type type, SandboxSummary summary) {
        return SandboxEvent.now(type, summary.id(), summary.name(), summary.workspace());
    }
}
