package dev.sandboxes;

import dev.sandboxes.core.Prune;
import dev.sandboxes.core.SandboxInfo;
import dev.sandboxes.core.SandboxLabels;
import dev.sandboxes.core.SandboxListener;
import dev.sandboxes.core.SandboxSummary;
import dev.sandboxes.errors.AmbiguousSandboxException;
import dev.sandboxes.errors.InvalidSandboxConfigException;
import dev.sandboxes.errors.SandboxNotFoundException;
import dev.sandboxes.errors.SandboxStateException;
import dev.sandboxes.exec.AuditEntry;
import dev.sandboxes.git.WorkspaceChanges;
import dev.sandboxes.git.WorktreeAction;
import dev.sandboxes.internal.AuditLog;
import dev.sandboxes.internal.SafeListener;
import dev.sandboxes.internal.SandboxPruner;
import dev.sandboxes.internal.TemplateFreshness;
import dev.sandboxes.spi.SandboxRuntime;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Works on sandboxes without holding a handle: list, find, attach, inspect, stop, remove, prune. A sandbox
 * is named by its full id, a unique prefix of its id, or its name. Only sandboxes the library
 * created (those with the {@link SandboxLabels#MARKER} label) are ever seen or touched.
 *
 * <pre>{@code
 * SandboxManager sandboxes = Sandboxes.manager();
 * sandboxes.list().forEach(s -> System.out.println(s.name() + " " + s.status()));
 * try (Sandbox sandbox = sandboxes.attach("sandbox-myproject-3f2a1b9c0d")) {
 *     sandbox.exec("git", "status");
 * }
 * }</pre>
 */
public final class SandboxManager {

    private final SandboxRuntime runtime;
    private final SandboxListener listener;

    SandboxManager(SandboxRuntime runtime, SandboxListener listener) {
        this.runtime = Objects.requireNonNull(runtime, "runtime");
        this.listener = SafeListener.wrap(Objects.requireNonNull(listener, "listener"));
    }

    /** The same manager, telling {@code listener} of what its stop and remove calls do. */
    public SandboxManager listener(SandboxListener listener) {
        return new SandboxManager(runtime, listener);
    }

    /** The runtime this manager works on. */
    public SandboxRuntime runtime() {
        return runtime;
    }

    /** Every sandbox, running or not. */
    public List<SandboxSummary> list() {
        return runtime.list();
    }

    /** The sandbox of a workspace folder, if it has one. */
    public Optional<SandboxSummary> find(Path workspace) {
        Objects.requireNonNull(workspace, "workspace");
        return runtime.findByWorkspace(realOrAbsolute(workspace));
    }

    /**
     * A handle on an existing sandbox, for a process that did not create it. The sandbox is not
     * started: {@code open()} its workspace for that.
     *
     * @throws SandboxNotFoundException  when nothing matches
     * @throws AmbiguousSandboxException when an id prefix matches several
     */
    public Sandbox attach(String idOrName) {
        return new RuntimeSandbox(runtime, resolve(idOrName), listener);
    }

    /** Everything about one sandbox. */
    public SandboxInfo inspect(String idOrName) {
        SandboxSummary summary = resolve(idOrName);
        return runtime.inspect(summary.id())
                .map(info -> TemplateFreshness.marked(info, Optional.empty()))
                .orElseThrow(() -> gone(idOrName));
    }

    /** Stops a sandbox, keeping its state. */
    public void stop(String idOrName) {
        runtime.stop(resolve(idOrName).id(), listener);
    }

    /** Removes a sandbox, running or not. A sandbox on a branch keeps its worktree. */
    public void remove(String idOrName) {
        runtime.remove(resolve(idOrName).id(), listener);
    }

    /**
     * Removes a sandbox, and what {@code worktree} says with its git worktree.
     *
     * @throws SandboxStateException when the worktree holds uncommitted work and the action is REMOVE;
     *                               nothing is removed then
     */
    public void remove(String idOrName, WorktreeAction worktree) {
        try (Sandbox sandbox = attach(idOrName)) {
            sandbox.remove(worktree);
        }
    }

    /**
     * The audit log of a sandbox (see {@link Sandbox#auditLog()}), by reference, or by full id once
     * the sandbox is removed: the log outlives it.
     */
    public List<AuditEntry> auditLog(String idOrName) {
        Objects.requireNonNull(idOrName, "idOrName");
        try {
            return AuditLog.ofThisUser().read(resolve(idOrName).id());
        } catch (SandboxNotFoundException gone) {
            if (!idOrName.matches("[0-9a-f]{64}")) {
                throw gone;
            }
            List<AuditEntry> kept = AuditLog.ofThisUser().read(idOrName);
            if (kept.isEmpty()) {
                throw gone;
            }
            return kept;
        }
    }

    /** Saves a sandbox's state as an image: see {@link Sandbox#save(String)}. */
    public String save(String idOrName, String image) {
        try (Sandbox sandbox = attach(idOrName)) {
            return sandbox.save(image);
        }
    }

    /** Makes a sandbox afresh from its template: see {@link Sandbox#reset()}. */
    public SandboxSummary reset(String idOrName) {
        try (Sandbox sandbox = attach(idOrName); Sandbox fresh = sandbox.reset()) {
            return runtime.findByWorkspace(fresh.workspace()).orElseThrow(() -> gone(idOrName));
        }
    }

    /** What the agent of a sandbox on a branch changed: see {@link Sandbox#changes()}. */
    public WorkspaceChanges changes(String idOrName) {
        try (Sandbox sandbox = attach(idOrName)) {
            return sandbox.changes();
        }
    }

    /**
     * Removes the sandboxes a prune names (stopped for long, or whose workspace is gone), or in a
     * dry run only lists them. Nothing the prune does not name is touched, but for what processes
     * that died left on the engine besides sandboxes (a helper container never started, say), which
     * a prune that is not a dry run removes too.
     *
     * @throws InvalidSandboxConfigException when it asks about workspaces the runtime's engine
     *                                       cannot be checked for (an engine on another machine)
     */
    public List<Prune.Match> prune(Prune prune) {
        return new SandboxPruner(runtime, listener).prune(Objects.requireNonNull(prune, "prune"));
    }

    /** The sandbox a reference names: a full id, then a name, then a unique id prefix. */
    public SandboxSummary resolve(String idOrName) {
        Objects.requireNonNull(idOrName, "idOrName");
        if (idOrName.isBlank()) {
            throw new SandboxNotFoundException("An empty sandbox reference matches nothing: give an id, an id prefix or a name.");
        }
        List<SandboxSummary> all = runtime.list();
        Optional<SandboxSummary> exact = all.stream().filter(s -> s.id().equals(idOrName)).findFirst()
                .or(() -> all.stream().filter(s -> s.name().equals(idOrName)).findFirst());
        if (exact.isPresent()) {
            return exact.get();
        }
        List<SandboxSummary> byPrefix = all.stream().filter(s -> s.id().startsWith(idOrName)).toList();
        if (byPrefix.size() > 1) {
            throw new AmbiguousSandboxException(idOrName,
                    byPrefix.stream().map(s -> s.shortId() + " (" + s.name() + ")").toList());
        }
        return byPrefix.stream().findFirst().orElseThrow(() -> gone(idOrName));
    }

    private static SandboxNotFoundException gone(String idOrName) {
        return new SandboxNotFoundException("No sandbox has the id, id prefix or name '" + idOrName
                + "'. List them with Sandboxes.list() (or `sandbox ls`).");
    }

    private static Path realOrAbsolute(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path.toAbsolutePath().normalize();
        }
    }
}
