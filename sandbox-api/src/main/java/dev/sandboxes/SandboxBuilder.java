package dev.sandboxes;

import dev.sandboxes.agents.AgentDefinition;
import dev.sandboxes.agents.Agents;
import dev.sandboxes.agents.CredentialMode;
import dev.sandboxes.core.Limits;
import dev.sandboxes.core.Mount;
import dev.sandboxes.core.SandboxEvent;
import dev.sandboxes.core.SandboxListener;
import dev.sandboxes.core.SandboxSummary;
import dev.sandboxes.errors.InvalidSandboxConfigException;
import dev.sandboxes.errors.InvalidWorkspaceException;
import dev.sandboxes.errors.RuntimeUnavailableException;
import dev.sandboxes.errors.SandboxConflictException;
import dev.sandboxes.errors.SandboxException;
import dev.sandboxes.errors.SandboxTimeoutException;
import dev.sandboxes.exec.EnvNames;
import dev.sandboxes.git.GitIdentity;
import dev.sandboxes.internal.AgentKeys;
import dev.sandboxes.internal.Capabilities;
import dev.sandboxes.internal.GitWorktrees;
import dev.sandboxes.internal.HostGitIdentity;
import dev.sandboxes.internal.IdleStop;
import dev.sandboxes.internal.LabelNames;
import dev.sandboxes.internal.OpenHandles;
import dev.sandboxes.internal.RuntimeSelector;
import dev.sandboxes.internal.SafeListener;
import dev.sandboxes.internal.SandboxNames;
import dev.sandboxes.internal.SandboxPaths;
import dev.sandboxes.internal.SpecPolicy;
import dev.sandboxes.internal.UpstreamCertificates;
import dev.sandboxes.internal.WorkspaceGuard;
import dev.sandboxes.network.CredentialRule;
import dev.sandboxes.network.NetworkPolicy;
import dev.sandboxes.network.PublishedPort;
import dev.sandboxes.spi.CredentialInjection;
import dev.sandboxes.spi.GitIdentitySource;
import dev.sandboxes.spi.HostOwner;
import dev.sandboxes.spi.SandboxRuntime;
import dev.sandboxes.spi.SandboxSpec;
import dev.sandboxes.spi.TracksActivity;
import dev.sandboxes.templates.Template;
import dev.sandboxes.templates.TemplateNotFoundException;
import dev.sandboxes.templates.TemplateProgress;
import dev.sandboxes.templates.TemplateSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Settings for the sandbox of one workspace; {@link #open()} creates it or reuses it. Obtained from
 * {@link Sandboxes#forWorkspace(Path)}. Not thread-safe; the handle it opens is.
 *
 * <p>Settings are fixed when the sandbox is created. Opening again with a different agent,
 * template, env, mounts or socket setting is a {@link SandboxConflictException} unless
 * {@link #recreate()} is asked for; a setting left unset accepts whatever the sandbox has.
 *
 * <pre>{@code
 * Sandbox sandbox = Sandboxes.forWorkspace(Path.of("/home/me/project"))
 *         .agent("claude")                      // its template is built locally when missing
 *         .packages("postgresql-client")
 *         .env("APP_ENV", "dev")
 *         .mount(Path.of("/data/fixtures"), "/fixtures", true)
 *         .openTimeout(Duration.ofMinutes(1))
 *         .open();
 * }</pre>
 */
public final class SandboxBuilder {

    /** How long {@code open()} waits by default, including for another process creating the sandbox. */
    public static final Duration DEFAULT_OPEN_TIMEOUT = Duration.ofMinutes(2);

    private final Path workspace;
    private AgentDefinition agent;
    private Template template;
    private List<String> packages = List.of();
    private CredentialMode credentials;
    private final Map<String, String> apiKeys = new LinkedHashMap<>();
    private final List<CredentialRule> credentialRules = new ArrayList<>();
    private final List<Path> upstreamCertificates = new ArrayList<>();
    private TemplateSettings templateSettings;
    private Limits limits;
    private Boolean sudo;
    private String ociRuntime;
    private NetworkPolicy network;
    private Map<String, String> env;
    private final Map<String, String> labels = new LinkedHashMap<>();
    private List<Mount> mounts;
    private Boolean dockerSocket;
    private List<PublishedPort> ports;
    private String portAddress = PublishedPort.LOOPBACK;
    private String name;
    private String branch;
    private GitIdentity gitIdentity;
    private boolean recreate;
    private Duration openTimeout = DEFAULT_OPEN_TIMEOUT;
    private Duration idleStop;
    private SandboxRuntime runtime;
    private SandboxListener listener = SandboxListener.NONE;

    SandboxBuilder(Path workspace) {
        this.workspace = workspace;
    }

    /**
     * The agent the sandbox is for: {@code claude}, {@code gemini}, {@code codex}, {@code shell}
     * (the default: no agent, just the toolbox), or one of an {@link dev.sandboxes.agents.AgentProvider}.
     * Its template is the sandbox's unless {@link #template(String)} names another.
     *
     * @throws InvalidSandboxConfigException for an unknown name, listing the known ones
     */
    public SandboxBuilder agent(String agent) {
        this.agent = Agents.named(Objects.requireNonNull(agent, "agent"));
        return this;
    }

    /** An agent of your own, defined with {@link AgentDefinition#builder(String)}. */
    public SandboxBuilder agent(AgentDefinition agent) {
        this.agent = Objects.requireNonNull(agent, "agent");
        return this;
    }

    /**
     * The image the sandbox is created from, such as {@code "node:22"}, instead of the agent's own
     * template; pulled when the engine lacks it.
     */
    public SandboxBuilder template(String image) {
        Objects.requireNonNull(image, "image");
        this.template = Template.image(image);
        return this;
    }

    /** The template the sandbox is created from, instead of the agent's own: an image or a Dockerfile. */
    public SandboxBuilder template(Template template) {
        this.template = Objects.requireNonNull(template, "template");
        return this;
    }

    /**
     * Extra Debian packages, installed on top of the template in an image built once for this list.
     * Fixed at creation.
     *
     * @throws InvalidSandboxConfigException when a name is not a Debian package name
     */
    public SandboxBuilder packages(String... names) {
        Objects.requireNonNull(names, "names");
        Template.image("check").withPackages(List.of(names));
        this.packages = List.of(names);
        return this;
    }

    /**
     * Where the agent's login and API key come from. Fixed at creation. By default
     * {@link CredentialMode#PROXY} for the built-in agents behind an egress proxy, else
     * {@link CredentialMode#SANDBOX} (see {@link CredentialMode}).
     */
    public SandboxBuilder credentials(CredentialMode mode) {
        this.credentials = Objects.requireNonNull(mode, "mode");
        return this;
    }

    /**
     * An API key for the agent's runs, instead of the host's variable of that name. Held by this
     * process only: given to each agent run, never stored in the sandbox.
     *
     * @param variable one of the agent's {@link AgentDefinition#apiKeyVariables()}, such as {@code ANTHROPIC_API_KEY}
     */
    public SandboxBuilder apiKey(String variable, String value) {
        Objects.requireNonNull(variable, "variable");
        Objects.requireNonNull(value, "value");
        EnvNames.check(variable, value);
        apiKeys.put(variable, value);
        return this;
    }

    /**
     * A header the sandbox's egress proxy sets, with a secret the sandbox never holds, on its HTTPS
     * requests to one host (see {@link CredentialRule}). Needs an egress proxy: network
     * {@link NetworkPolicy#open()} (the default) or an allow list. Not fixed at creation: every open
     * that has rules to give (its own, or the agent's key in {@link CredentialMode#PROXY}) replaces
     * the proxy's with them, as {@link Sandbox#updateCredentials} does; one with none leaves them. The
     * secrets live only in the proxy's memory: after the engine restarts, open the sandbox again to
     * give them back.
     */
    public SandboxBuilder credential(CredentialRule rule) {
        credentialRules.add(Objects.requireNonNull(rule, "rule"));
        return this;
    }

    /**
     * Extra certificate authorities (a PEM file, or a folder of them) that the egress proxy trusts for
     * the real hosts of {@link #credential credential rules}, besides the system's and those of
     * {@code SANDBOXES_CA_CERTIFICATES}: for a host behind a company's TLS-inspecting proxy, or a test's
     * own server. A host whose certificate none of them vouches for never gets the secret.
     */
    public SandboxBuilder trustUpstreamCertificates(Path pemFileOrFolder) {
        upstreamCertificates.add(Objects.requireNonNull(pemFileOrFolder, "pemFileOrFolder"));
        return this;
    }

    /**
     * Resource limits. At creation, those left unset take the runtime's defaults (see {@link Limits}).
     * Not fixed at creation: opening an existing sandbox with limits changes those given, as
     * {@link Sandbox#updateLimits} does, and leaves the others as they are.
     */
    public SandboxBuilder limits(Limits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
        return this;
    }

    /**
     * Whether the agent may use sudo (the default: yes, as in Docker Sandboxes). {@code false} also
     * sets no-new-privileges, so no setuid program can raise anyone's privileges. Fixed at creation.
     */
    public SandboxBuilder sudo(boolean allowed) {
        this.sudo = allowed;
        return this;
    }

    /**
     * The engine's OCI runtime for the sandbox, such as gVisor's {@code runsc} or Kata's
     * {@code kata-runtime}, for a stronger boundary than namespaces; it must be installed in the
     * engine. Fixed at creation.
     */
    public SandboxBuilder ociRuntime(String name) {
        Objects.requireNonNull(name, "name");
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9_.-]*")) {
            throw new InvalidSandboxConfigException("'" + name + "' is not an OCI runtime name: give one such as \"runsc\".");
        }
        this.ociRuntime = name;
        return this;
    }

    /**
     * What the sandbox may reach on the network; {@link NetworkPolicy#open()} by default. Fixed at
     * creation.
     */
    public SandboxBuilder network(NetworkPolicy policy) {
        this.network = Objects.requireNonNull(policy, "policy");
        return this;
    }

    /** How templates are built here (base image, extra CA certificates); by default {@link TemplateSettings#fromEnvironment()}. */
    public SandboxBuilder templateSettings(TemplateSettings settings) {
        this.templateSettings = Objects.requireNonNull(settings, "settings");
        return this;
    }

    /**
     * Sets one environment variable for every command in the sandbox. Fixed at creation.
     *
     * @throws InvalidSandboxConfigException when the name is empty or holds '=' or NUL
     */
    public SandboxBuilder env(String name, String value) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        EnvNames.check(name, value);
        if (env == null) {
            env = new LinkedHashMap<>();
        }
        env.put(name, value);
        return this;
    }

    /** Sets several environment variables; an empty map asks for a sandbox without any. */
    public SandboxBuilder env(Map<String, String> variables) {
        Objects.requireNonNull(variables, "variables");
        variables.forEach((name, value) -> EnvNames.check(Objects.requireNonNull(name, "variable name"),
                Objects.requireNonNull(value, () -> "value of " + name)));
        if (env == null) {
            env = new LinkedHashMap<>();
        }
        env.putAll(variables);
        return this;
    }

    /**
     * Labels the sandbox, as {@code docker run --label} does, so that your own tools can find it
     * ({@code docker ps --filter label=com.example.team=search}); {@code info().labels()} lists it.
     * Set at creation only: opening an existing sandbox with other labels keeps the labels it has,
     * and is no conflict.
     *
     * @throws InvalidSandboxConfigException when the key is blank or holds '=', or starts with
     *                                       {@code dev.sandboxes.}, which the library keeps for its own labels
     */
    public SandboxBuilder label(String key, String value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        LabelNames.check(key, value);
        labels.put(key, value);
        return this;
    }

    /**
     * Makes an extra host folder visible inside the sandbox. The same checks as for the workspace
     * apply to the host folder, when {@code open()} is called.
     */
    public SandboxBuilder mount(Path hostPath, String sandboxPath, boolean readOnly) {
        Objects.requireNonNull(hostPath, "hostPath");
        Objects.requireNonNull(sandboxPath, "sandboxPath");
        if (mounts == null) {
            mounts = new ArrayList<>();
        }
        mounts.add(new Mount(hostPath, sandboxPath, readOnly));
        return this;
    }

    /**
     * Gives the sandbox the engine's Docker socket. This hands the agent full control of the
     * engine (and, on Linux, of the host): ask for it only when the agent must run containers.
     */
    public SandboxBuilder mountDockerSocket() {
        this.dockerSocket = true;
        return this;
    }

    /**
     * Publishes a port of the sandbox on a free host port the engine chooses; {@code info().ports()}
     * tells which. Bound to 127.0.0.1 unless {@link #publishOnAllInterfaces()} is asked. Fixed at creation.
     */
    public SandboxBuilder publish(int sandboxPort) {
        return publish(sandboxPort, 0);
    }

    /** Publishes a port of the sandbox on the given host port. Fixed at creation. */
    public SandboxBuilder publish(int sandboxPort, int hostPort) {
        PublishedPort port = new PublishedPort(sandboxPort, PublishedPort.LOOPBACK, hostPort);
        if (ports == null) {
            ports = new ArrayList<>();
        }
        if (ports.stream().anyMatch(p -> p.sandboxPort() == sandboxPort)) {
            throw new InvalidSandboxConfigException("The sandbox port " + sandboxPort + " is published twice: publish it once.");
        }
        ports.add(port);
        return this;
    }

    /**
     * Binds published ports to all of the host's interfaces instead of 127.0.0.1: anyone who can
     * reach this machine can then reach them.
     */
    public SandboxBuilder publishOnAllInterfaces() {
        this.portAddress = PublishedPort.ALL_INTERFACES;
        return this;
    }

    /** The sandbox's name, instead of one derived from the workspace path. */
    public SandboxBuilder name(String name) {
        this.name = SandboxNames.checkName(Objects.requireNonNull(name, "name"));
        return this;
    }

    /**
     * The git identity of a new sandbox, instead of the host's ({@code user.name} and
     * {@code user.email} as git resolves them for the workspace).
     */
    public SandboxBuilder gitIdentity(String name, String email) {
        this.gitIdentity = new GitIdentity(name, email);
        return this;
    }

    /**
     * Works on a git worktree of the workspace's repository, on this branch, instead of on the
     * repository itself (like Docker's {@code sbx create --branch}): the branch is made from the
     * repository's current commit unless it exists, its worktree goes beside the repository
     * ({@code <repository>.worktrees/<branch>}), and that folder is the sandbox's workspace. The
     * repository's git folder is mounted too, at its own path, so that the agent can commit; its
     * config and hooks read-only, and nothing else of the repository. Sandboxes on other branches
     * of the same repository work side by side; the main checkout is left as it is.
     *
     * <pre>{@code
     * try (Sandbox sandbox = Sandboxes.forWorkspace(repo).branch("fix-login").agent("claude").open()) {
     *     sandbox.agent().prompt("fix the login test, and commit");
     *     System.out.print(sandbox.changes().diff());
     * }
     * }</pre>
     */
    public SandboxBuilder branch(String branch) {
        this.branch = GitWorktrees.checkBranch(Objects.requireNonNull(branch, "branch"));
        return this;
    }

    /** Replaces an existing sandbox whose settings differ, instead of failing with a conflict. */
    public SandboxBuilder recreate() {
        this.recreate = true;
        return this;
    }

    /** How long {@code open()} may take; default {@link #DEFAULT_OPEN_TIMEOUT}. */
    public SandboxBuilder openTimeout(Duration timeout) {
        this.openTimeout = positive(Objects.requireNonNull(timeout, "timeout"), "The open timeout");
        return this;
    }

    /**
     * Stops the sandbox after it has run no command for this long (like Daytona's auto-stop), to
     * free its memory and processes; its state stays, and the next use of a handle starts it again.
     * This JVM keeps the time: its handles' commands and file calls count as use, and so does any
     * command still running in the sandbox, wherever it was started. Nothing is watched once this
     * JVM exits; {@link SandboxManager#prune} clears what is left unused for good.
     *
     * <pre>{@code
     * Sandbox sandbox = Sandboxes.forWorkspace(dir).idleStop(Duration.ofMinutes(15)).open();
     * }</pre>
     */
    public SandboxBuilder idleStop(Duration idle) {
        this.idleStop = positive(Objects.requireNonNull(idle, "idle"), "The idle time before a stop");
        return this;
    }

    private static Duration positive(Duration time, String what) {
        if (time.isNegative() || time.isZero()) {
            throw new InvalidSandboxConfigException(what + " must be positive, not " + time + ".");
        }
        return time;
    }

    /** The runtime to use instead of the discovered default. */
    public SandboxBuilder runtime(SandboxRuntime runtime) {
        this.runtime = Objects.requireNonNull(runtime, "runtime");
        return this;
    }

    /** Told of the lifecycle events of this open and of the handle it returns. */
    public SandboxBuilder listener(SandboxListener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
        return this;
    }

    /**
     * Creates the workspace's sandbox, or reuses it (starting it when stopped).
     *
     * @throws InvalidWorkspaceException       when the workspace or a mount is refused; nothing changed
     * @throws SandboxConflictException        when it exists with other settings and recreate() was not asked
     * @throws TemplateNotFoundException       when the template image does not exist
     * @throws RuntimeUnavailableException     when no engine answers
     * @throws SandboxTimeoutException         when it is not ready within the open timeout
     */
    public Sandbox open() {
        // Checked before anything is made: a runtime that cannot tell a busy sandbox must not stop one.
        Optional<TracksActivity> activity = idleStop == null ? Optional.empty() : Optional.of(Capabilities.require(
                runtime != null ? runtime : RuntimeSelector.defaultRuntime(), TracksActivity.class, "stop idle sandboxes"));
        Frozen frozen = frozen();
        try {
            return open(runtime != null ? runtime : RuntimeSelector.defaultRuntime(), activity, frozen.spec());
        } catch (RuntimeException e) {
            frozen.undo(e);  // what the freezing made on the host (a worktree) goes with the failed open
            throw e;
        }
    }

    private Sandbox open(SandboxRuntime chosen, Optional<TracksActivity> activity, SandboxSpec spec) {
        SandboxListener safeListener = SafeListener.wrap(listener);
        SandboxListener tracking = new SandboxListener() {
            @Override
            public void onEvent(SandboxEvent event) {
                if (event.type() == SandboxEvent.Type.CREATED) {
                    OpenHandles.created(event.sandboxId());
                }
                safeListener.onEvent(event);
            }

            @Override
            public void onTemplateProgress(TemplateProgress progress) {
                safeListener.onTemplateProgress(progress);
            }
        };
        SandboxSummary opened;
        try {
            opened = chosen.open(spec, openTimeout, tracking);
        } catch (SandboxException e) {
            throw e;
        } catch (RuntimeException e) {
            // A runtime broke its promise to throw only SandboxExceptions: keep ours.
            throw new SandboxException("The " + chosen.name() + " runtime failed to open the sandbox of "
                    + spec.workspace() + ": " + e, e);
        }
        Optional<IdleStop> watch = activity.map(tracked -> IdleStop.watch(tracked, opened.id(), idleStop,
                safeListener, () -> chosen.open(spec, openTimeout, tracking)));
        return new RuntimeSandbox(chosen, opened, safeListener, Optional.of(spec.agentDefinition()),
                new AgentKeys(apiKeys), watch);
    }

    /** Validates everything and freezes it into the spec a runtime carries out. */
    SandboxSpec freeze() {
        return frozen().spec();
    }

    /** The spec, and the worktree the freezing made on the host, if any: a failing open takes it away. */
    private record Frozen(SandboxSpec spec, Optional<GitWorktrees.Made> worktree) {
        void undo(RuntimeException cause) {
            worktree.ifPresent(made -> made.undo(cause));
        }
    }

    private Frozen frozen() {
        WorkspaceGuard guard = new WorkspaceGuard(Path.of(System.getProperty("user.home")));
        Path given = guard.checkHostFolder(workspace, "workspace");
        AgentDefinition definition = agent != null ? agent : Agents.named(Agents.SHELL);
        checkApiKeys(definition);
        checkNetwork();
        checkCredentials(definition);
        // Last, after every other check: the worktree is the one thing an open makes on the host.
        Optional<GitWorktrees.Made> worktree = Optional.ofNullable(branch).map(b -> GitWorktrees.ensure(given, b));
        try {
            return new Frozen(freeze(guard, worktree.map(made -> made.worktree().path()).orElse(given), definition,
                    worktree), worktree);
        } catch (RuntimeException e) {
            worktree.ifPresent(made -> made.undo(e));
            throw e;
        }
    }

    private SandboxSpec freeze(WorkspaceGuard guard, Path folder, AgentDefinition definition,
                               Optional<GitWorktrees.Made> worktree) {
        Path realWorkspace = guard.checkHostFolder(folder, "workspace");
        String sandboxWorkspace = SandboxPaths.inSandbox(realWorkspace);
        guard.checkSandboxPath(sandboxWorkspace, folder);
        List<Mount> allMounts = new ArrayList<>(mounts == null ? List.of() : mounts);
        worktree.ifPresent(made -> allMounts.addAll(made.gitMounts()));
        Optional<List<Mount>> realMounts = mounts == null && worktree.isEmpty() ? Optional.empty()
                : Optional.of(checkMounts(guard, Path.of(sandboxWorkspace), allMounts));
        Optional<List<PublishedPort>> published = Optional.ofNullable(ports).map(list -> list.stream()
                .map(p -> new PublishedPort(p.sandboxPort(), portAddress, p.hostPort())).toList());
        Optional<Template> asked = packages.isEmpty() ? Optional.ofNullable(template)
                : Optional.of((template != null ? template : definition.template()).withPackages(packages));
        return SandboxSpec.builder(realWorkspace, sandboxWorkspace, name != null ? name : SandboxNames.forWorkspace(realWorkspace),
                        definition, SpecPolicy.INSTANCE)
                .workspaceInode(inodeOf(realWorkspace))
                .workspaceOwner(HostOwner.of(realWorkspace))
                .agent(Optional.ofNullable(agent).map(AgentDefinition::name))
                .template(asked)
                .env(Optional.ofNullable(env))
                .labels(labels)
                .mounts(realMounts)
                .dockerSocket(Optional.ofNullable(dockerSocket))
                .ports(published)
                .gitIdentity(gitIdentity != null ? GitIdentitySource.of(gitIdentity) : new HostGitIdentity(realWorkspace))
                .recreate(recreate)
                .credentials(Optional.ofNullable(credentials))
                .templateSettings(settingsOrDefault())
                .limits(Optional.ofNullable(limits))
                .sudo(Optional.ofNullable(sudo))
                .ociRuntime(Optional.ofNullable(ociRuntime))
                .network(Optional.ofNullable(network))
                .worktree(worktree.map(GitWorktrees.Made::worktree))
                .injection(new CredentialInjection(credentialRules, mayInjectKeys(definition)
                        ? new AgentKeys(apiKeys).secrets(definition) : Map.of(),
                        credentialRules.isEmpty() && definition.apiKeyHeader().isEmpty() ? ""
                                : UpstreamCertificates.read(upstreamCertificates, settingsOrDefault().certificateFiles())))
                .build();
    }

    private TemplateSettings settingsOrDefault() {
        return templateSettings != null ? templateSettings : TemplateSettings.fromEnvironment();
    }

    /** Whether the agent's keys may become rules: its provider takes them in a header, and the mode may be PROXY. */
    private boolean mayInjectKeys(AgentDefinition definition) {
        boolean proxied = network == null || network.mode().throughProxy();
        return definition.apiKeyHeader().isPresent() && proxied && (credentials == null || credentials == CredentialMode.PROXY);
    }

    private void checkCredentials(AgentDefinition definition) {
        java.util.Set<String> headers = new java.util.HashSet<>();
        for (CredentialRule rule : credentialRules) {
            if (!headers.add(rule.host() + " " + rule.header().toLowerCase(java.util.Locale.ROOT))) {
                throw new InvalidSandboxConfigException("Two credential rules set " + rule.header() + " on " + rule.host()
                        + ": give one (the header would be sent twice).");
            }
        }
        boolean proxied = network == null || network.mode().throughProxy();
        if (!credentialRules.isEmpty() && !proxied) {
            throw new InvalidSandboxConfigException("Credential rules need the sandbox's egress proxy, and the network"
                    + " policy '" + network.mode().label() + "' has none: use NetworkPolicy.open() or an allow list.");
        }
        if (credentials == CredentialMode.PROXY && !proxied) {
            throw new InvalidSandboxConfigException("credentials(PROXY) needs the sandbox's egress proxy, and the"
                    + " network policy '" + network.mode().label() + "' has none: use NetworkPolicy.open() or an allow"
                    + " list, or credentials(SANDBOX).");
        }
        if (credentials == CredentialMode.PROXY && definition.apiKeyHeader().isEmpty()) {
            throw new InvalidSandboxConfigException("credentials(PROXY) needs to know how the agent '" + definition.name()
                    + "' sends its key: give its definition an apiKeyHeader(...), or use credentials(SANDBOX).");
        }
    }

    private void checkNetwork() {
        if (network == null) {
            return;
        }
        if (network.mode() == NetworkPolicy.Mode.NONE && ports != null && !ports.isEmpty()) {
            throw new InvalidSandboxConfigException("A sandbox with the network policy 'none' cannot publish ports:"
                    + " its network has no way in. Drop publish(...), or use NetworkPolicy.open().");
        }
        if (Boolean.TRUE.equals(dockerSocket) && !network.dockerSocketAllowed()) {
            throw new InvalidSandboxConfigException("A mounted Docker socket bypasses the network policy: the agent"
                    + " can start a container on another network. Drop mountDockerSocket(), or insist with"
                    + " network(NetworkPolicy.none().evenWithDockerSocket()).");
        }
    }

    private void checkApiKeys(AgentDefinition definition) {
        for (String variable : apiKeys.keySet()) {
            if (!definition.apiKeyVariables().contains(variable)) {
                throw new InvalidSandboxConfigException("apiKey(\"" + variable + "\", ...) is not a key of agent '"
                        + definition.name() + "'; its key variables are " + definition.apiKeyVariables() + ".");
            }
        }
        if (!apiKeys.isEmpty() && credentials == CredentialMode.NONE) {
            throw new InvalidSandboxConfigException("An API key was given with credentials(NONE): drop the key, or"
                    + " use credentials(ENV) or credentials(SANDBOX).");
        }
    }

    private static List<Mount> checkMounts(WorkspaceGuard guard, Path sandboxWorkspace, List<Mount> asked) {
        List<Mount> checked = new ArrayList<>();
        List<Path> targets = new ArrayList<>(List.of(sandboxWorkspace));
        for (Mount mount : asked) {
            Path realHost = guard.checkHostFolder(mount.hostPath(), "mount");
            guard.checkSandboxPath(mount.sandboxPath(), mount.hostPath());
            Path target = Path.of(mount.sandboxPath()).normalize();
            if (targets.contains(target)) {
                throw new InvalidWorkspaceException(mount.hostPath(), "Two folders would appear at " + target
                        + " in the sandbox: give each mount its own sandbox path.");
            }
            targets.add(target);
            checked.add(new Mount(realHost, target.toString(), mount.readOnly()));
        }
        return checked;
    }

    private static Optional<String> inodeOf(Path realPath) {
        try {
            return Optional.of(String.valueOf(Files.getAttribute(realPath, "unix:ino")));
        } catch (UnsupportedOperationException | IllegalArgumentException | IOException e) {
            return Optional.empty();
        }
    }
}
