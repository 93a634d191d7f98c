package dev.sandboxes;

import dev.sandboxes.agents.AgentDefinition;
import dev.sandboxes.agents.AgentUser;
import dev.sandboxes.agents.Agents;
import dev.sandboxes.agents.CredentialMode;
import dev.sandboxes.agents.SandboxAgent;
import dev.sandboxes.core.Limits;
import dev.sandboxes.core.SandboxInfo;
import dev.sandboxes.core.SandboxListener;
import dev.sandboxes.core.SandboxStatus;
import dev.sandboxes.core.SandboxSummary;
import dev.sandboxes.errors.InvalidSandboxConfigException;
import dev.sandboxes.errors.SandboxClosedException;
import dev.sandboxes.exec.AuditEntry;
import dev.sandboxes.exec.DetachedExec;
import dev.sandboxes.exec.ExecEvent;
import dev.sandboxes.exec.ExecHandle;
import dev.sandboxes.exec.ExecRequest;
import dev.sandboxes.exec.ExecResult;
import dev.sandboxes.git.WorkspaceChanges;
import dev.sandboxes.git.Worktree;
import dev.sandboxes.git.WorktreeAction;
import dev.sandboxes.internal.AgentKeys;
import dev.sandboxes.internal.AuditLog;
import dev.sandboxes.internal.Capabilities;
import dev.sandboxes.internal.ExecRecorder;
import dev.sandboxes.internal.GitWorktrees;
import dev.sandboxes.internal.HostGitIdentity;
import dev.sandboxes.internal.IdleStop;
import dev.sandboxes.internal.OpenHandles;
import dev.sandboxes.internal.RecordedHandle;
import dev.sandboxes.internal.SandboxPaths;
import dev.sandboxes.internal.TemplateFreshness;
import dev.sandboxes.network.NetworkLogEntry;
import dev.sandboxes.network.NetworkPolicy;
import dev.sandboxes.spi.ChangesLimits;
import dev.sandboxes.spi.ControlsNetwork;
import dev.sandboxes.spi.LabelCodec;
import dev.sandboxes.spi.SandboxRuntime;
import dev.sandboxes.spi.SavesAndResets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/** The handle users get: checks it is open, then delegates to the runtime. */
final class RuntimeSandbox implements Sandbox, RuntimeAgent.Commands {

    private final SandboxRuntime runtime;
    private final SandboxSummary opened;
    private final SandboxListener listener;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final OpenHandles.Scope scope;
    private final Optional<AgentDefinition> agentDefinition;
    private final AgentKeys agentKeys;
    private final Optional<IdleStop> idleStop;
    private final ExecRecorder recorder;

    /** A handle attached by id: its agent known by the name it was created with, API keys from the host. */
    RuntimeSandbox(SandboxRuntime runtime, SandboxSummary opened, SandboxListener listener) {
        this(runtime, opened, listener, Optional.empty(), AgentKeys.fromHost());
    }

    /**
     * @param agentDefinition the agent as the opener defined it (it may be one of the caller's own)
     * @param agentKeys       the API keys for the agent's runs
     */
    RuntimeSandbox(SandboxRuntime runtime, SandboxSummary opened, SandboxListener listener,
                   Optional<AgentDefinition> agentDefinition, AgentKeys agentKeys) {
        this(runtime, opened, listener, agentDefinition, agentKeys, Optional.empty());
    }

    /** @param idleStop the watch that stops the sandbox when idle (shared by its handles in this JVM) */
    RuntimeSandbox(SandboxRuntime runtime, SandboxSummary opened, SandboxListener listener,
                   Optional<AgentDefinition> agentDefinition, AgentKeys agentKeys, Optional<IdleStop> idleStop) {
        this.idleStop = idleStop.or(() -> IdleStop.of(runtime, opened.id()));
        this.recorder = new ExecRecorder(opened.id(), LabelCodec.agentUser(opened.labels()).map(AgentUser::name)
                .orElse(AgentUser.NAME), listener, AuditLog.ofThisUser());
        this.runtime = runtime;
        this.opened = opened;
        this.listener = listener;
        this.agentDefinition = agentDefinition;
        this.agentKeys = agentKeys;
        this.scope = OpenHandles.opened(this);
    }

    @Override
    public SandboxAgent agent() {
        ensureOpen("agent()");
        AgentDefinition definition = definition();
        CredentialMode mode = LabelCodec.credentials(opened.labels());
        if (mode == CredentialMode.NONE && agentKeys.anyGiven()) {
            throw new InvalidSandboxConfigException("The sandbox " + name() + " was created with credentials(NONE),"
                    + " so the API key given to the builder cannot reach its agent. Drop the key, or open again with"
                    + " credentials(ENV) (or SANDBOX) and recreate().");
        }
        return new RuntimeAgent(this, definition, agentKeys, mode);
    }

    private AgentDefinition definition() {
        return agentDefinition.filter(d -> d.name().equals(opened.agent())).orElseGet(() -> Agents.named(opened.agent()));
    }

    @Override
    public String id() {
        return opened.id();
    }

    @Override
    public String name() {
        return opened.name();
    }

    @Override
    public Path workspace() {
        return opened.workspace();
    }

    @Override
    public SandboxInfo info() {
        ensureOpen("info()");
        return runtime.inspect(id())
                .map(info -> TemplateFreshness.marked(info, agentDefinition))
                .orElseGet(this::removedInfo);
    }

    @Override
    public ExecResult exec(String... argv) {
        ensureOpen("exec()");
        return exec(ExecRequest.of(argv));
    }

    @Override
    public ExecResult exec(ExecRequest request) {
        ensureOpen("exec()");
        ExecRequest inWorkspace = inWorkspace(request);
        idleStop.ifPresent(IdleStop::began);
        ExecRecorder.Started started = recorder.started(ExecEvent.Kind.COMMAND, inWorkspace);
        try {
            ExecResult result = runtime.exec(id(), inWorkspace);
            started.finished(result);
            return result;
        } catch (RuntimeException e) {
            started.failed(e);
            throw e;
        } finally {
            idleStop.ifPresent(IdleStop::ended);
        }
    }

    @Override
    public ExecHandle start(ExecRequest request) {
        ensureOpen("start()");
        return start(request, ExecEvent.Kind.COMMAND);
    }

    /** Starts a command or an agent run, each told to the listener and written to the audit log. */
    @Override
    public ExecHandle start(ExecRequest request, ExecEvent.Kind kind) {
        ExecRequest inWorkspace = inWorkspace(request);
        idleStop.ifPresent(IdleStop::began);
        ExecRecorder.Started started = recorder.started(kind, inWorkspace);
        ExecHandle handle;
        try {
            handle = runtime.start(id(), inWorkspace);
        } catch (RuntimeException e) {
            started.failed(e);
            idleStop.ifPresent(IdleStop::ended);
            throw e;
        }
        return new RecordedHandle(handle, handle.result().whenComplete((result, failure) -> {
            if (result != null) {
                started.finished(result);
            } else {
                started.failed(failure);
            }
            idleStop.ifPresent(IdleStop::ended);
        }));
    }

    @Override
    public DetachedExec startDetached(ExecRequest request) {
        ensureOpen("startDetached()");
        used();
        ExecRequest inWorkspace = inWorkspace(request);
        ExecRecorder.Started started = recorder.started(ExecEvent.Kind.DETACHED, inWorkspace);
        DetachedExec detached = runtime.startDetached(id(), inWorkspace);
        started.detached();
        return detached;
    }

    @Override
    public List<AuditEntry> auditLog() {
        return AuditLog.ofThisUser().read(id());
    }

    @Override
    public List<DetachedExec> detachedExecs() {
        ensureOpen("detachedExecs()");
        return runtime.detachedExecs(id());
    }

    @Override
    public void killDetached(String execId) {
        ensureOpen("killDetached()");
        runtime.killDetached(id(), Objects.requireNonNull(execId, "execId"));
    }

    @Override
    public byte[] readFile(String path) {
        ensureOpen("readFile()");
        String absolute = absolute(path);
        return whileUsing(() -> runtime.readFile(id(), absolute));
    }

    @Override
    public byte[] readFile(String path, long offset, int length) {
        ensureOpen("readFile()");
        String absolute = absolute(path);
        if (offset < 0 || length < 0) {
            throw new InvalidSandboxConfigException("Cannot read " + length + " bytes from byte " + offset + " of " + path
                    + ": give an offset and a length of 0 or more.");
        }
        return whileUsing(() -> runtime.readFile(id(), absolute, offset, length));
    }

    @Override
    public java.util.List<dev.sandboxes.core.FileEntry> listFiles(String folder) {
        ensureOpen("listFiles()");
        String absolute = absolute(folder);
        return whileUsing(() -> runtime.listFiles(id(), absolute));
    }

    @Override
    public void delete(String path) {
        ensureOpen("delete()");
        String absolute = SandboxPaths.normalized(absolute(path));
        if (absolute.equals("/") || absolute.equals(SandboxPaths.normalized(SandboxPaths.inSandbox(workspace())))) {
            throw new InvalidSandboxConfigException("Refusing to delete " + path + ": it is the "
                    + (absolute.equals("/") ? "sandbox's root" : "workspace's own folder") + ". Delete what is in it instead.");
        }
        whileUsing(() -> {
            runtime.delete(id(), absolute);
            return null;
        });
    }

    @Override
    public void writeFile(String path, byte[] content) {
        AgentUser agent = agentUser();
        writeFile(path, content, 0644, agent.uid(), agent.gid());
    }

    @Override
    public void writeFile(String path, byte[] content, int mode, int uid, int gid) {
        ensureOpen("writeFile()");
        Objects.requireNonNull(content, "content");
        String absolute = absolute(path);
        whileUsing(() -> {
            runtime.writeFile(id(), absolute, content, mode, uid, gid);
            return null;
        });
    }

    @Override
    public void copyTo(Path host, String sandboxPath) {
        ensureOpen("copyTo()");
        Objects.requireNonNull(host, "host");
        AgentUser agent = agentUser();
        String absolute = absolute(sandboxPath);
        whileUsing(() -> {
            runtime.copyTo(id(), host, absolute, agent.uid(), agent.gid());
            return null;
        });
    }

    @Override
    public void copyFrom(String sandboxPath, Path host) {
        ensureOpen("copyFrom()");
        Objects.requireNonNull(host, "host");
        String absolute = absolute(sandboxPath);
        whileUsing(() -> {
            runtime.copyFrom(id(), absolute, host);
            return null;
        });
    }

    /** The agent user as recorded at creation; uid 1000 for sandboxes made before it was recorded. */
    private AgentUser agentUser() {
        return LabelCodec.agentUser(opened.labels()).orElse(new AgentUser(AgentUser.NAME, 1000, 1000, false));
    }

    private static String absolute(String path) {
        Objects.requireNonNull(path, "path");
        if (!path.startsWith("/")) {
            throw new InvalidSandboxConfigException("The sandbox path '" + path + "' is not absolute: give a path such as /tmp/file.txt.");
        }
        return path;
    }

    private ExecRequest inWorkspace(ExecRequest request) {
        Objects.requireNonNull(request, "request");
        return request.workingDirectory().isPresent() ? request : request.inDirectory(SandboxPaths.inSandbox(workspace()));
    }

    @Override
    public void updateLimits(Limits limits) {
        ensureOpen("updateLimits()");
        Capabilities.require(runtime, ChangesLimits.class, "change limits").updateLimits(id(), Objects.requireNonNull(limits, "limits"));
    }

    @Override
    public void updateNetwork(NetworkPolicy policy) {
        ensureOpen("updateNetwork()");
        Objects.requireNonNull(policy, "policy");
        NetworkPolicy.Mode mode = LabelCodec.networkMode(opened.labels());
        if (!mode.throughProxy() || policy.mode() != mode) {
            throw new dev.sandboxes.errors.SandboxStateException("The sandbox " + name() + " was made with the network policy '"
                    + mode.label() + "', which is fixed at creation; only the rules of"
                    + " an open policy or an allow list change. Open it again with network(...) and recreate() to change"
                    + " the policy.");
        }
        Capabilities.require(runtime, ControlsNetwork.class, "change network rules").updateNetwork(id(), policy);
    }

    @Override
    public void updateCredentials(List<dev.sandboxes.network.CredentialRule> rules) {
        ensureOpen("updateCredentials()");
        AgentDefinition definition = definition();
        List<dev.sandboxes.network.CredentialRule> all = new dev.sandboxes.spi.CredentialInjection(rules,
                agentKeys.secrets(definition), "").rulesFor(definition, LabelCodec.credentials(opened.labels()));
        Capabilities.require(runtime, ControlsNetwork.class, "inject credentials").updateCredentials(id(), all);
    }

    @Override
    public List<NetworkLogEntry> networkLog() {
        ensureOpen("networkLog()");
        // A runtime without an egress proxy has seen no requests.
        return runtime instanceof ControlsNetwork network ? network.networkLog(id()) : List.of();
    }

    @Override
    public void stop() {
        ensureOpen("stop()");
        runtime.stop(id(), listener);
        idleStop.ifPresent(IdleStop::stoppedByCaller);
    }

    @Override
    public void remove() {
        ensureOpen("remove()");
        runtime.remove(id(), listener);
        idleStop.ifPresent(IdleStop::forget);
        close();
    }

    @Override
    public void remove(WorktreeAction action) {
        ensureOpen("remove()");
        Objects.requireNonNull(action, "worktree");
        Optional<Worktree> worktree = worktree();
        // Checked before anything is removed, so that a refusal changes nothing.
        if (action == WorktreeAction.REMOVE) {
            worktree.ifPresent(GitWorktrees::requireNoUncommittedWork);
        }
        remove();
        if (action != WorktreeAction.KEEP) {
            worktree.ifPresent(tree -> GitWorktrees.remove(tree, action == WorktreeAction.REMOVE_DISCARDING_CHANGES));
        }
    }

    /** What a local image name may be: lower-case path parts, an optional tag. */
    private static final java.util.regex.Pattern IMAGE_NAME = java.util.regex.Pattern.compile(
            "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?::[0-9]+)?(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?");

    @Override
    public String save(String image) {
        ensureOpen("save()");
        Objects.requireNonNull(image, "image");
        if (!IMAGE_NAME.matcher(image).matches()) {
            throw new dev.sandboxes.errors.InvalidSandboxConfigException("'" + image + "' is not an image name: use lower-case"
                    + " letters, digits and . _ - in path parts, and an optional :tag, such as my-env:1.");
        }
        return Capabilities.require(runtime, SavesAndResets.class, "save sandboxes as images").save(id(), image);
    }

    @Override
    public Sandbox reset() {
        ensureOpen("reset()");
        // Made afresh, it carries the host's identity as a new sandbox of this workspace would.
        SandboxSummary fresh = Capabilities.require(runtime, SavesAndResets.class, "reset sandboxes")
                .reset(id(), new HostGitIdentity(workspace()), listener);
        close();
        return new RuntimeSandbox(runtime, fresh, listener, agentDefinition, agentKeys,
                idleStop.map(watch -> watch.movedTo(fresh.id())));
    }

    @Override
    public Optional<Worktree> worktree() {
        return LabelCodec.worktree(opened.labels());
    }

    @Override
    public WorkspaceChanges changes() {
        ensureOpen("changes()");
        return GitWorktrees.changes(worktree().orElseThrow(() -> new dev.sandboxes.errors.SandboxStateException("The sandbox "
                + name() + " works on " + workspace() + " itself, not on a branch's worktree: open it with branch(...)"
                + " to see what an agent changed there.")));
    }

    @Override
    public void close() {
        closed.set(true);
        if (scope != null) {
            scope.closed(this);
        }
    }

    @Override
    public String toString() {
        return "Sandbox[" + name() + " " + opened.shortId() + " " + workspace() + (closed.get() ? " closed" : "") + "]";
    }

    /** Files count as use, for the idle stop, as commands do. */
    private void used() {
        idleStop.ifPresent(IdleStop::using);
    }

    /** A file call, during which the idle stop leaves the sandbox up (a long copy, say). */
    private <T> T whileUsing(java.util.function.Supplier<T> call) {
        idleStop.ifPresent(IdleStop::began);
        try {
            return call.get();
        } finally {
            idleStop.ifPresent(IdleStop::ended);
        }
    }

    private void ensureOpen(String call) {
        if (closed.get()) {
            throw new SandboxClosedException(call + " was called on a closed handle of sandbox " + name()
                    + ". The sandbox itself is not affected: open its workspace again, or attach to it, for a new handle.");
        }
    }

    /** What is known of a sandbox that was removed behind this handle's back. */
    private SandboxInfo removedInfo() {
        SandboxSummary gone = new SandboxSummary(opened.id(), opened.name(), opened.workspace(), opened.agent(),
                opened.template(), SandboxStatus.REMOVED, opened.created(), opened.labels());
        return new SandboxInfo(gone, Map.of(), LabelCodec.mounts(opened.labels()),
                Boolean.parseBoolean(opened.labels().get(LabelCodec.DOCKER_SOCKET)), List.of(),
                LabelCodec.agentUser(opened.labels()), false, false, Limits.defaults(), Optional.empty());
    }
}
