package dev.sandboxes.internal;

import dev.sandboxes.core.Prune;
import dev.sandboxes.core.SandboxInfo;
import dev.sandboxes.core.SandboxListener;
import dev.sandboxes.core.SandboxStatus;
import dev.sandboxes.core.SandboxSummary;
import dev.sandboxes.errors.InvalidSandboxConfigException;
import dev.sandboxes.spi.SandboxRuntime;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Carries out a {@link Prune}: finds the sandboxes it names, and removes them unless it is a dry run;
 * then also what dead processes left besides sandboxes ({@link SandboxRuntime#removeLeftovers()}).
 */
public final class SandboxPruner {

    private static final String WORKSPACE_GONE = "workspace gone";

    private final SandboxRuntime runtime;
    private final SandboxListener listener;

    public SandboxPruner(SandboxRuntime runtime, SandboxListener listener) {
        this.runtime = runtime;
        this.listener = listener;
    }

    public List<Prune.Match> prune(Prune prune) {
        if (prune.goneWorkspaces() && !runtime.seesWorkspaces()) {
            throw new InvalidSandboxConfigException("The " + runtime.description() + " runs on another machine, so this"
                    + " process cannot tell whether a sandbox's workspace still exists there. Prune by stopped time"
                    + " only, or prune from the engine's machine.");
        }
        if (!prune.listOnly()) {
            runtime.removeLeftovers();
        }
        // The runtime's own clock: it stamped the stop times, and may not agree with this process's.
        Instant now = prune.stoppedFor().isPresent() ? runtime.now() : Instant.EPOCH;
        List<Prune.Match> matches = new ArrayList<>();
        for (SandboxSummary sandbox : runtime.list()) {
            if (prune.within().isPresent() && !sandbox.workspace().startsWith(prune.within().get())) {
                continue;
            }
            Optional<String> reason = reason(prune, sandbox, now);
            if (reason.isEmpty()) {
                continue;
            }
            if (!prune.listOnly()) {
                if (reason.get().equals(WORKSPACE_GONE)) {
                    runtime.remove(sandbox.id(), listener);
                } else if (!runtime.removeIfStopped(sandbox.id(), listener)) {
                    continue;  // an open elsewhere started it a moment ago: it is in use
                }
            }
            matches.add(new Prune.Match(sandbox, reason.get()));
        }
        return matches;
    }

    private Optional<String> reason(Prune prune, SandboxSummary sandbox, Instant now) {
        // notExists, not !exists: a folder this process may not look into is no gone folder.
        if (prune.goneWorkspaces() && Files.notExists(sandbox.workspace())) {
            return Optional.of(WORKSPACE_GONE);
        }
        if (prune.stoppedFor().isPresent() && sandbox.status() == SandboxStatus.STOPPED) {
            Optional<Instant> stoppedAt = runtime.inspect(sandbox.id()).filter(info -> info.status() == SandboxStatus.STOPPED)
                    .flatMap(SandboxInfo::stoppedAt);
            if (stoppedAt.isPresent()) {
                Duration stopped = Duration.between(stoppedAt.get(), now);
                if (stopped.compareTo(prune.stoppedFor().get()) >= 0) {
                    return Optional.of("stopped for " + stopped.withNanos(0));
                }
            }
        }
        return Optional.empty();
    }
}
