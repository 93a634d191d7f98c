package dev.sandboxes.core;

import dev.sandboxes.errors.InvalidSandboxConfigException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Which sandboxes {@link dev.sandboxes.SandboxManager#prune} removes: those stopped for longer than a time, those
 * whose workspace folder no longer exists, or either. Nothing else is ever removed, and a running
 * sandbox only when its workspace is gone.
 *
 * <pre>{@code
 * List<Prune.Match> removed = Sandboxes.manager().prune(Prune.stoppedFor(Duration.ofDays(7)).orWorkspaceGone());
 * List<Prune.Match> wouldBe = Sandboxes.manager().prune(Prune.workspaceGone().within(Path.of("/tmp")).dryRun());
 * }</pre>
 *
 * @param stoppedFor     remove sandboxes stopped for at least this long (a running sandbox is in use;
 *                       {@link dev.sandboxes.SandboxBuilder#idleStop} stops unused ones)
 * @param goneWorkspaces remove sandboxes whose workspace folder is gone, running or not
 * @param listOnly       only say what would be removed (a dry run)
 * @param within         only sandboxes whose workspace is this folder or inside it
 */
public record Prune(Optional<Duration> stoppedFor, boolean goneWorkspaces, boolean listOnly, Optional<Path> within) {

    public Prune {
        Objects.requireNonNull(stoppedFor, "stoppedFor");
        Objects.requireNonNull(within, "within");
        within = within.map(folder -> folder.toAbsolutePath().normalize());
        stoppedFor.ifPresent(Prune::checkPositive);
        if (stoppedFor.isEmpty() && !goneWorkspaces) {
            throw new InvalidSandboxConfigException("A prune must say what to remove: sandboxes stopped for some time"
                    + " (Prune.stoppedFor), sandboxes whose workspace is gone (Prune.workspaceGone), or both.");
        }
    }

    /** Sandboxes stopped for at least {@code time}. */
    public static Prune stoppedFor(Duration time) {
        return new Prune(Optional.of(Objects.requireNonNull(time, "time")), false, false, Optional.empty());
    }

    /** Sandboxes whose workspace folder no longer exists. */
    public static Prune workspaceGone() {
        return new Prune(Optional.empty(), true, false, Optional.empty());
    }

    /** These, and also sandboxes whose workspace folder no longer exists. */
    public Prune orWorkspaceGone() {
        return new Prune(stoppedFor, true, listOnly, within);
    }

    /** These, and also sandboxes stopped for at least {@code time}. */
    public Prune orStoppedFor(Duration time) {
        return new Prune(Optional.of(Objects.requireNonNull(time, "time")), goneWorkspaces, listOnly, within);
    }

    /** Says what would be removed, and removes nothing. */
    public Prune dryRun() {
        return new Prune(stoppedFor, goneWorkspaces, true, within);
    }

    /** Only sandboxes whose workspace is {@code folder} or inside it (a real path, as workspaces are). */
    public Prune within(Path folder) {
        return new Prune(stoppedFor, goneWorkspaces, listOnly, Optional.of(Objects.requireNonNull(folder, "folder")));
    }

    private static void checkPositive(Duration time) {
        if (time.isNegative() || time.isZero()) {
            throw new InvalidSandboxConfigException("A prune's stopped time must be positive, not " + time + ".");
        }
    }

    /**
     * A sandbox a prune removed (or, in a dry run, would remove), and why.
     *
     * @param reason {@code "stopped for PT170H"} or {@code "workspace gone"}
     */
    public record Match(SandboxSummary sandbox, String reason) {
        public Match {
            Objects.requireNonNull(sandbox, "sandbox");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
