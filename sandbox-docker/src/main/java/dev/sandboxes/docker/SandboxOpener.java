package dev.sandboxes.docker;

import com.github.dockerjava.api.command.InspectContainerResponse;
import dev.sandboxes.agents.AgentUser;
import dev.sandboxes.agents.CredentialMode;
import dev.sandboxes.agents.CredentialPath;
import dev.sandboxes.core.SandboxEvent;
import dev.sandboxes.core.SandboxLabels;
import dev.sandboxes.core.SandboxListener;
import dev.sandboxes.core.SandboxStatus;
import dev.sandboxes.core.SandboxSummary;
import dev.sandboxes.errors.InvalidSandboxConfigException;
import dev.sandboxes.errors.SandboxConflictException;
import dev.sandboxes.errors.SandboxException;
import dev.sandboxes.errors.SandboxStateException;
import dev.sandboxes.errors.SandboxTimeoutException;
import dev.sandboxes.exec.ExecRequest;
import dev.sandboxes.exec.ExecResult;
import dev.sandboxes.git.GitIdentity;
import dev.sandboxes.network.CredentialRule;
import dev.sandboxes.network.NetworkPolicy;
import dev.sandboxes.spi.LabelCodec;
import dev.sandboxes.spi.SandboxSpec;
import dev.sandboxes.templates.Template;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The flow of one {@code open()} on Docker: find the workspace's container by label; reuse it,
 * start it, or create it. Concurrent opens of one workspace (threads or processes) all try to create
 * the same name; the engine lets one win, and the others wait until the winner's sandbox runs. A
 * sandbox left unstarted by a creator that died is started by whoever finds it after a grace time.
 */
final class SandboxOpener {

    /** How long a created, never started container may stay so before another opener starts it. */
    static final Duration DEFAULT_TAKEOVER_GRACE = Duration.ofSeconds(5);
    private static final long POLL_MILLIS = 50;

    private final ContainerLookup lookup;
    private final SandboxCreator creator;
    private final ContainerControl control;
    private final WorkspaceMountCheck mountCheck;
    private final SandboxRemover remover;
    private final ImageFactsReader images;
    private final TemplateBuilder templates;
    private final EngineLimits limits;
    private final EgressProxies egress;
    private final ProxyTrust trust;
    private final DockerExec exec;
    private final boolean engineKeepsOwners;
    private final Duration takeoverGrace;

    SandboxOpener(ContainerLookup lookup, SandboxCreator creator, ContainerControl control, WorkspaceMountCheck mountCheck,
                  SandboxRemover remover, ImageFactsReader images, TemplateBuilder templates, EngineLimits limits,
                  EgressProxies egress, DockerExec exec, boolean engineKeepsOwners, Duration takeoverGrace) {
        this.limits = limits;
        this.egress = egress;
        this.trust = new ProxyTrust(exec);
        this.lookup = lookup;
        this.creator = creator;
        this.control = control;
        this.mountCheck = mountCheck;
        this.remover = remover;
        this.images = images;
        this.templates = templates;
        this.exec = exec;
        this.engineKeepsOwners = engineKeepsOwners;
        this.takeoverGrace = takeoverGrace;
    }

    SandboxSummary open(SandboxSpec asked, Duration timeout, SandboxListener listener) {
        SandboxSpec spec = injectable(asked);
        Deadline deadline = new Deadline(spec, timeout);
        // When this open first saw each unstarted container: its own clock, not the engine's.
        Map<String, Long> firstSeenUnstarted = new HashMap<>();
        while (true) {
            Optional<SandboxSummary> existing = lookup.byWorkspace(spec.workspace());
            Optional<SandboxSummary> opened = existing.isEmpty()
                    ? create(spec, deadline, listener)
                    : reuse(existing.get(), spec, listener, firstSeenUnstarted, deadline);
            if (opened.isPresent()) {
                return opened.get();
            }
            deadline.pause();
        }
    }

    /**
     * Secrets reach the egress proxy only over an exec's standard input, which an engine reached over
     * TLS cannot give: there, credential rules are refused, and the built-in agents' default proxy
     * mode falls back on giving the key to the agent's runs.
     */
    private SandboxSpec injectable(SandboxSpec spec) {
        if (exec.feedsStdin()) {
            return spec;
        }
        if (!spec.injection().rules().isEmpty() || spec.credentials().filter(m -> m == CredentialMode.PROXY).isPresent()) {
            throw new InvalidSandboxConfigException("Credential rules and credentials(PROXY) hand secrets to the egress"
                    + " proxy over a command's standard input, which an engine reached over TLS cannot give: with this"
                    + " engine, drop credential(...) and use credentials(CredentialMode.SANDBOX).");
        }
        return spec.credentials().isEmpty() && spec.credentialsOrDefault() == CredentialMode.PROXY
                ? spec.withCredentials(CredentialMode.SANDBOX) : spec;
    }

    /** The workspace's existing sandbox, made usable; empty when someone else is still at work on it. */
    private Optional<SandboxSummary> reuse(SandboxSummary found, SandboxSpec spec, SandboxListener listener,
                                           Map<String, Long> firstSeenUnstarted, Deadline deadline) {
        if (found.status() == SandboxStatus.REMOVED) {
            return Optional.empty();
        }
        List<String> differences = new java.util.ArrayList<>(spec.differences(found.name(), found.labels()));
        if (spec.network().filter(policy -> policy.mode() == NetworkPolicy.Mode.OPEN).isPresent()
                && LabelCodec.networkMode(found.labels()) == NetworkPolicy.Mode.OPEN && EgressProxies.Names.of(found).isEmpty()) {
            // Made before open sandboxes had a proxy: under the same label, it reaches the host.
            differences.add("network: asked for open behind an egress proxy, sandbox reaches the network directly"
                    + " (made by an earlier version)");
        }
        if (!differences.isEmpty()) {
            if (!spec.recreate()) {
                throw new SandboxConflictException(found.name(), differences);
            }
            remover.remove(found.id(), listener);
            return Optional.empty();
        }
        if (spec.limits().isPresent() && found.status() != SandboxStatus.CREATED) {
            // Limits are not fixed at creation: an open that asks for some sets them.
            lookup.info(found.id()).ifPresent(info -> limits.update(found.id(), spec.limits().get(), info.limits()));
        }
        boolean newNetworkRules = spec.network().filter(policy -> policy.mode().throughProxy()).isPresent();
        List<CredentialRule> rules = spec.credentialRulesFor(LabelCodec.credentials(found.labels()));
        if ((newNetworkRules || !rules.isEmpty()) && found.status() != SandboxStatus.CREATED) {
            egress.ensureRunning(found);
            // Network rules are not fixed at creation either: an open that gives some puts them in force.
            if (newNetworkRules) {
                egress.update(found, spec.network().get());
            }
            // Nor are credential rules; and only an open can give them back after the proxy restarted.
            if (!rules.isEmpty()) {
                egress.updateCredentials(found, rules);
            }
        }
        switch (found.status()) {
            case RUNNING:
                if (workspaceReplaced(spec, found)) {
                    // The folder was deleted and made again: the mount still holds the deleted one, and
                    // only a new start binds the path afresh. Everything else in the sandbox stays.
                    control.stop(found.id());
                    listener.onEvent(event(SandboxEvent.Type.STOPPED, found));
                    return start(found, listener);
                }
                // Only a complete, checked container is started, so running means ready: no further call.
                listener.onEvent(event(SandboxEvent.Type.REUSED, found));
                return Optional.of(found);
            case STOPPED:
                return start(found, listener);
            case PAUSED:
                if (!control.unpause(found.id())) {
                    return Optional.empty();
                }
                listener.onEvent(event(SandboxEvent.Type.REUSED, found));
                return Optional.of(running(found));
            case CREATED:
                return takeOver(found, spec, listener, firstSeenUnstarted, deadline);
            case RESTARTING:
                failIfItKeepsExiting(found);
                return Optional.empty();
            default:
                return Optional.empty();
        }
    }

    /**
     * Whether the workspace folder was deleted and made again since the sandbox last bound it. The
     * cheap sign is an inode other than the one recorded at creation; then the sandbox is asked
     * which folder it sees (after a restart it sees the new one, under the old label). File systems
     * reuse inode numbers, so a folder made again with the same number goes unnoticed.
     */
    private boolean workspaceReplaced(SandboxSpec spec, SandboxSummary found) {
        String recorded = found.labels().get(LabelCodec.WORKSPACE_INODE);
        if (spec.workspaceInode().isEmpty() || recorded == null || recorded.equals(spec.workspaceInode().get())) {
            return false;
        }
        ExecResult seen = exec.start(found.id(), ExecRequest.of("stat", "-c", "%i", spec.sandboxWorkspace())
                .asRoot().inDirectory("/")).await();
        return !seen.stdout().strip().equals(spec.workspaceInode().get());
    }

    /**
     * A container that was created but never started: its creator is still writing its files or
     * checking its mount, or died. Give it the grace time, then finish it in the creator's place,
     * from what the creator recorded: its image and its agent user.
     */
    private Optional<SandboxSummary> takeOver(SandboxSummary found, SandboxSpec spec, SandboxListener listener,
                                              Map<String, Long> firstSeenUnstarted, Deadline deadline) {
        long firstSeen = firstSeenUnstarted.computeIfAbsent(found.id(), id -> System.nanoTime());
        if (System.nanoTime() - firstSeen < takeoverGrace.toNanos()) {
            return Optional.empty();
        }
        Optional<InspectContainerResponse> container = lookup.inspect(found.id());
        if (container.isEmpty() || !"created".equals(container.get().getState().getStatus())) {
            return Optional.empty();  // its creator came back, or it is gone: look again
        }
        Optional<SandboxSummary> finished = finish(found, container.get().getImageId(), spec.workspaceOwner(),
                spec.sandboxWorkspace(), identity(CompletableFuture.supplyAsync(spec.gitIdentity()::resolve), spec.workspace(),
                        deadline.remaining()), listener);
        // Its creator died before it could give the proxy the credentials: this opener gives its own.
        List<CredentialRule> rules = spec.credentialRulesFor(LabelCodec.credentials(found.labels()));
        if (finished.isPresent() && !rules.isEmpty()) {
            egress.updateCredentials(finished.get(), rules);
        }
        return finished;
    }

    /**
     * Finishes a created, never started container from what its labels record (its agent user, the
     * credential paths linked): writes the agent's files, checks the mount, starts it. What a dead
     * creator left is finished so, and so is a sandbox made afresh by a reset.
     *
     * @return empty when the container went away meanwhile
     */
    Optional<SandboxSummary> finish(SandboxSummary found, String imageId, Optional<dev.sandboxes.spi.HostOwner> owner,
                                    String sandboxWorkspace, Optional<GitIdentity> identity, SandboxListener listener) {
        ImageFacts facts = images.readById(found.template(), imageId);
        AgentSetup setup = AgentSetup.plan(facts, owner, engineKeepsOwners, identity, sandboxWorkspace,
                LabelCodec.agentUser(found.labels()));
        // The creator recorded the credential paths it linked, when it mounted a volume: link them too.
        CredentialVolumes.link(setup.archive(), LabelCodec.credentialPaths(found.labels()), setup.agent());
        creator.writeSetup(found.id(), setup.archive());
        mountCheck.check(found.id(), found.workspace());
        Optional<SandboxSummary> started = start(found, listener);
        try {
            started.ifPresent(s -> chownHomeIfNeeded(s.id(), setup));
            // A sandbox made afresh (a reset) lost the certificate its creator installed.
            started.ifPresent(s -> egress.caCertificate(s).ifPresent(ca -> trust.install(s.id(), ca)));
        } catch (RuntimeException e) {
            control.discard(found.id());
            throw e;
        }
        return started;
    }

    /** The git identity looked up on the host, bounded in time: a git that hangs gives none. */
    static Optional<GitIdentity> identity(CompletableFuture<Optional<GitIdentity>> lookup, java.nio.file.Path workspace,
                                          Duration limit) {
        try {
            return lookup.get(limit.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException e) {
            lookup.cancel(true);
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxException("Interrupted while looking up the git identity for " + workspace, e);
        }
    }

    /** A home too big for the archive is re-owned in place, as root, right after the first start. */
    private void chownHomeIfNeeded(String id, AgentSetup setup) {
        if (setup.chownHome()) {
            ExecResult chown = exec.start(id, ExecRequest.of("chown", "-R",
                    setup.agent().uid() + ":" + setup.agent().gid(), AgentUser.HOME).asRoot().inDirectory("/")).await();
            if (chown.exitCode() != 0) {
                throw new SandboxStateException("Could not give the agent its home in sandbox " + id + ": " + chown.stderr());
            }
        }
    }

    private Optional<SandboxSummary> start(SandboxSummary found, SandboxListener listener) {
        egress.ensureRunning(found);
        if (!control.start(found.id(), found.workspace())) {
            return Optional.empty();  // removed meanwhile: look again
        }
        listener.onEvent(event(SandboxEvent.Type.STARTED, found));
        return Optional.of(running(found));
    }

    private void failIfItKeepsExiting(SandboxSummary found) {
        lookup.inspect(found.id()).ifPresent(container -> {
            Integer restarts = container.getRestartCount();
            Long exitCode = container.getState().getExitCodeLong();
            if (restarts != null && restarts > 0 && exitCode != null && exitCode != 0) {
                throw ContainerControl.keepsExiting(found.template(), container.getState());
            }
        });
    }

    /** Creates the sandbox; empty when another opener won the race and this one must look again. */
    private Optional<SandboxSummary> create(SandboxSpec spec, Deadline deadline, SandboxListener listener) {
        Template asked = spec.templateForCreation();
        String template = asked.label();
        listener.onEvent(SandboxEvent.now(SandboxEvent.Type.CREATING, "", spec.name(), spec.workspace()));
        // git runs on the host while the engine answers about the image.
        CompletableFuture<Optional<GitIdentity>> identityLookup = CompletableFuture.supplyAsync(spec.gitIdentity()::resolve);
        Map<String, String> extraLabels = new java.util.LinkedHashMap<>();
        ImageFacts facts;
        if (asked instanceof Template.Built built) {
            // A first build takes minutes, and happens once: it does not count against the open's time.
            long buildStart = System.nanoTime();
            String image = templates.ensureBuilt(built, spec.templateSettings(), listener);
            deadline.extend(Duration.ofNanos(System.nanoTime() - buildStart));
            extraLabels.put(LabelCodec.TEMPLATE_IMAGE, image);
            extraLabels.put(LabelCodec.TEMPLATE_SETTINGS, spec.templateSettings().fingerprint());
            facts = images.readBuilt(template, image);
        } else {
            facts = images.read(template, deadline.remaining(), listener);
        }
        AgentSetup setup = AgentSetup.plan(facts, spec.workspaceOwner(), engineKeepsOwners,
                identity(identityLookup, spec.workspace(), deadline.remaining()), spec.sandboxWorkspace());
        if (CredentialVolumes.wanted(spec)) {
            List<CredentialPath> paths = spec.agentDefinition().credentialPaths();
            CredentialVolumes.link(setup.archive(), paths, setup.agent());
            extraLabels.putAll(LabelCodec.credentialPathLabels(paths));
        }
        // With sudo(false), no-new-privileges makes sudo fail whatever the image says.
        AgentUser agent = spec.sudoOrDefault() ? setup.agent()
                : new AgentUser(setup.agent().name(), setup.agent().uid(), setup.agent().gid(), false);
        extraLabels.putAll(LabelCodec.agentLabels(agent, setup.workspaceWritable()));
        Optional<EgressProxies.Prepared> proxy = Optional.empty();
        List<CredentialRule> rules = spec.credentialRulesFor(spec.credentialsOrDefault());
        if (spec.networkOrDefault().mode().throughProxy()) {
            // Its first build takes a minute and happens once: it does not count against the open's time.
            long prepareStart = System.nanoTime();
            proxy = Optional.of(egress.prepare(spec, spec.networkOrDefault(), rules, listener));
            deadline.extend(Duration.ofNanos(System.nanoTime() - prepareStart));
            extraLabels.putAll(proxy.get().sandboxLabels());
        }
        Optional<String> created;
        try {
            created = creator.create(spec, facts.imageId(), extraLabels, proxy);
        } catch (RuntimeException e) {
            proxy.ifPresent(egress::discard);  // no sandbox came of it: its proxy goes too
            throw e;
        }
        if (created.isEmpty()) {
            // Another opener holds the name: this opener's proxy is nobody's.
            proxy.ifPresent(egress::discard);
            explainNameHolder(spec);
            return Optional.empty();
        }
        String id = created.get();
        CompletableFuture<Void> proxyStarted = CompletableFuture.completedFuture(null);
        Map<String, String> labels = new java.util.LinkedHashMap<>(spec.creationLabels());
        labels.putAll(extraLabels);
        SandboxSummary summary = new SandboxSummary(id, spec.name(), spec.workspace(), spec.agentOrDefault(),
                template, SandboxStatus.CREATED, Instant.now(), labels);
        try {
            // Another opener may have created one under another name (a caller's name() against the
            // default): the engine lists newest first, and every opener keeps the oldest.
            Optional<SandboxSummary> oldest = lookup.byWorkspace(spec.workspace());
            if (oldest.isPresent() && !oldest.get().id().equals(id)) {
                discard(id, proxy, proxyStarted);
                return Optional.empty();
            }
            // The engine starts the proxy while the sandbox's files are written; only the winner's
            // starts, since the proxy publishes the sandbox's ports.
            proxyStarted = proxy.map(prepared -> egress.start(prepared, rules)).orElse(proxyStarted);
            creator.writeSetup(id, setup.archive());
            mountCheck.check(id, spec.workspace());
            listener.onEvent(event(SandboxEvent.Type.CREATED, summary));
            EgressProxies.awaitStarted(proxyStarted);
            if (!control.start(id, spec.workspace())) {
                return Optional.empty();  // removed behind our back: start over
            }
            control.checkStaysUp(id, template);
            chownHomeIfNeeded(id, setup);
            if (proxy.isPresent() && proxy.get().trusted()) {
                trust.install(id, egress.caCertificate(proxy.get().proxy()));
            }
        } catch (RuntimeException e) {
            discard(id, proxy, proxyStarted);
            throw e;
        }
        listener.onEvent(event(SandboxEvent.Type.STARTED, summary));
        return Optional.of(running(summary));
    }

    /** Removes a sandbox this opener made and its proxy, once the proxy's start has ended either way. */
    private void discard(String id, Optional<EgressProxies.Prepared> proxy, CompletableFuture<Void> proxyStarted) {
        control.discard(id);
        proxyStarted.exceptionally(failed -> null).join();
        proxy.ifPresent(egress::discard);
    }

    /**
     * The name was taken but no sandbox of this workspace was listed: either the winner of a race
     * is not listed yet (look again), or the name belongs to something else (say so).
     */
    private void explainNameHolder(SandboxSpec spec) {
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

    private static SandboxSummary running(SandboxSummary summary) {
        return new SandboxSummary(summary.id(), summary.name(), summary.workspace(), summary.agent(),
                summary.template(), SandboxStatus.RUNNING, summary.created(), summary.labels());
    }

    private static SandboxEvent event(SandboxEvent.Type type, SandboxSummary summary) {
        return SandboxEvent.now(type, summary.id(), summary.name(), summary.workspace());
    }

    /** The open's time limit, on the monotonic clock. */
    private static final class Deadline {
        private final SandboxSpec spec;
        private final Duration timeout;
        private long endNanos;

        Deadline(SandboxSpec spec, Duration timeout) {
            this.spec = spec;
            this.timeout = timeout;
            this.endNanos = System.nanoTime() + timeout.toNanos();
        }

        /** Moves the end later by time that does not count, such as a template's first build. */
        void extend(Duration uncounted) {
            endNanos += uncounted.toNanos();
        }

        Duration remaining() {
            long left = endNanos - System.nanoTime();
            if (left <= 0) {
                throw timedOut();
            }
            return Duration.ofNanos(left);
        }

        void pause() {
            if (endNanos - System.nanoTime() < POLL_MILLIS * 1_000_000) {
                throw timedOut();
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SandboxException("Interrupted while waiting for sandbox " + spec.name() + " to be ready.", e);
            }
        }

        private SandboxTimeoutException timedOut() {
            return new SandboxTimeoutException("The sandbox " + spec.name() + " of " + spec.workspace()
                    + " was not ready within " + timeout + ": another opener may still be creating, starting or"
                    + " removing it. Try again, or raise openTimeout(...).", timeout);
        }
    }
}
