package dev.sandboxes.testkit;

import dev.sandboxes.agents.AgentUser;
import dev.sandboxes.core.Limits;
import dev.sandboxes.core.SandboxEvent;
import dev.sandboxes.core.SandboxInfo;
import dev.sandboxes.core.SandboxLabels;
import dev.sandboxes.core.SandboxListener;
import dev.sandboxes.core.SandboxStatus;
import dev.sandboxes.core.SandboxSummary;
import dev.sandboxes.errors.InvalidSandboxConfigException;
import dev.sandboxes.errors.SandboxConflictException;
import dev.sandboxes.errors.SandboxException;
import dev.sandboxes.errors.SandboxNotFoundException;
import dev.sandboxes.errors.SandboxStateException;
import dev.sandboxes.exec.DetachedExec;
import dev.sandboxes.exec.ExecHandle;
import dev.sandboxes.exec.ExecRequest;
import dev.sandboxes.network.NetworkPolicy;
import dev.sandboxes.spi.BuildsTemplates;
import dev.sandboxes.spi.ChangesLimits;
import dev.sandboxes.spi.ControlsNetwork;
import dev.sandboxes.spi.LabelCodec;
import dev.sandboxes.spi.SandboxRuntime;
import dev.sandboxes.spi.SandboxSpec;
import dev.sandboxes.spi.SavesAndResets;
import dev.sandboxes.spi.SecretNames;
import dev.sandboxes.spi.TracksActivity;
import dev.sandboxes.templates.Template;
import dev.sandboxes.templates.TemplateBuild;
import dev.sandboxes.templates.TemplateNotFoundException;
import dev.sandboxes.templates.TemplateProgress;
import dev.sandboxes.templates.TemplateSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link SandboxRuntime} that keeps everything in memory, for tests of code that uses sandboxes:
 * fast, no engine, and it behaves like the Docker runtime wherever the API can tell (one sandbox per
 * workspace, reuse, conflicts, statuses, labels, the same errors for the same bad input). Commands
 * do what its {@link ExecScript} says, and every one is recorded.
 *
 * <p>Discovery never picks it: pass it to {@code runtime(...)} or {@link dev.sandboxes.Sandboxes#manager(SandboxRuntime)}.
 *
 * <pre>{@code
 * InMemoryRuntime runtime = new InMemoryRuntime().withTemplates("node:22");
 * runtime.script().when("npm", "test").thenReturn(0, "ok\n", "");
 * try (Sandbox sandbox = Sandboxes.forWorkspace(dir).template("node:22").runtime(runtime).open()) {
 *     assertEquals("ok\n", sandbox.exec("npm", "test").stdout());
 * }
 * assertEquals(List.of("npm", "test"), runtime.execs().get(0).argv());
 * }</pre>
 */
public final class InMemoryRuntime
        implements SandboxRuntime, BuildsTemplates, SavesAndResets, ControlsNetwork, ChangesLimits, TracksActivity {

    /** The name {@code SANDBOX_RUNTIME} selects it by. */
    public static final String NAME = "in-memory";

    private final ExecScript script = new ExecScript();
    private final List<RecordedExec> execs = new CopyOnWriteArrayList<>();
    private final Map<String, Box> boxes = new LinkedHashMap<>();
    private final Set<String> templates = ConcurrentHashMap.newKeySet();
    private final Map<String, TemplateBuild> builtTemplates = new LinkedHashMap<>();
    /** Sandboxes saved as images: the files outside the workspace they held. */
    private final Map<String, Map<String, byte[]>> savedImages = new ConcurrentHashMap<>();
    private volatile boolean anyTemplate = true;
    private final SecureRandom random = new SecureRandom();

    /** A sandbox kept in memory. */
    /** The machine the in-memory runtime pretends to run on, for default limits: 4 CPUs, 8 GiB. */
    static final Limits ENGINE = Limits.forEngine(4, 8L << 30);

    static final class Box {
        final String id;
        final String name;
        final Path workspace;
        final Instant created = Instant.now();
        final Map<String, String> labels;
        final Map<String, String> env;
        final Map<String, byte[]> files = new ConcurrentHashMap<>();
        final Map<String, InMemoryFiles.Meta> meta = new ConcurrentHashMap<>();
        final Map<String, DetachedExec> detached = new ConcurrentHashMap<>();
        final Set<ScriptedExec> running = ConcurrentHashMap.newKeySet();
        volatile SandboxStatus status = SandboxStatus.CREATED;
        volatile Instant stoppedAt;
        volatile Limits limits = ENGINE.orElse(Limits.defaults());

        Box(String id, String name, Path workspace, Map<String, String> labels, Map<String, String> env) {
            this.id = id;
            this.name = name;
            this.workspace = workspace;
            this.labels = Map.copyOf(labels);
            this.env = Map.copyOf(env);
        }

        SandboxSummary summary() {
            return new SandboxSummary(id, name, workspace, labels.getOrDefault(SandboxLabels.AGENT, ""),
                    labels.getOrDefault(SandboxLabels.TEMPLATE, ""), status, created, labels);
        }
    }

    /** Only these template images exist; any other is a {@link TemplateNotFoundException}, as on an engine. */
    public InMemoryRuntime withTemplates(String... images) {
        templates.addAll(List.of(images));
        anyTemplate = false;
        return this;
    }

    /** The rules commands follow. */
    public ExecScript script() {
        return script;
    }

    /** Every command run so far, in order. */
    public List<RecordedExec> execs() {
        return List.copyOf(execs);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public synchronized SandboxSummary open(SandboxSpec spec, Duration timeout, SandboxListener listener) {
        Optional<Box> existing = byWorkspace(spec.workspace());
        if (existing.isPresent()) {
            Box box = existing.get();
            List<String> differences = spec.differences(box.name, box.labels);
            if (differences.isEmpty()) {
                spec.limits().ifPresent(asked -> box.limits = asked.orElse(box.limits));
                if (box.status == SandboxStatus.RUNNING) {
                    listener.onEvent(event(SandboxEvent.Type.REUSED, box));
                } else {
                    box.status = SandboxStatus.RUNNING;
                    listener.onEvent(event(SandboxEvent.Type.STARTED, box));
                }
                return box.summary();
            }
            if (!spec.recreate()) {
                throw new SandboxConflictException(box.name, differences);
            }
            remove(box.id, listener);
        }
        Template asked = spec.templateForCreation();
        listener.onEvent(SandboxEvent.now(SandboxEvent.Type.CREATING, "", spec.name(), spec.workspace()));
        Map<String, String> templateLabels = new LinkedHashMap<>();
        if (asked instanceof Template.Built built) {
            templateLabels.put(LabelCodec.TEMPLATE_IMAGE, buildTemplate(built, spec.templateSettings(), listener));
            templateLabels.put(LabelCodec.TEMPLATE_SETTINGS, spec.templateSettings().fingerprint());
        } else if (!anyTemplate && !templates.contains(asked.label())) {
            throw new TemplateNotFoundException(asked.label(), "The template image '" + asked.label()
                    + "' is not in the in-memory runtime: add it with withTemplates(...).", null);
        }
        boxes.values().stream().filter(b -> b.name.equals(spec.name())).findFirst().ifPresent(taken -> {
            throw new InvalidSandboxConfigException("The name '" + spec.name() + "' is taken by the sandbox of "
                    + taken.workspace + ": choose another name with name(...), or remove that sandbox.");
        });
        Map<String, String> labels = new LinkedHashMap<>(spec.creationLabels());
        labels.putAll(LabelCodec.agentLabels(new AgentUser(AgentUser.NAME, 1000, 1000, false), true));
        labels.putAll(templateLabels);
        Box box = new Box(newId(), spec.name(), spec.workspace(), labels, spec.envOrEmpty());
        box.files.putAll(savedImages.getOrDefault(asked.label(), Map.of()));
        box.limits = spec.limitsOrDefaults().orElse(ENGINE);
        boxes.put(box.id, box);
        listener.onEvent(event(SandboxEvent.Type.CREATED, box));
        box.status = SandboxStatus.RUNNING;
        listener.onEvent(event(SandboxEvent.Type.STARTED, box));
        return box.summary();
    }

    /** Records new network rules; there is no proxy here, so the network log stays empty. */
    @Override
    public synchronized void updateNetwork(String sandboxId, NetworkPolicy policy) {
        if (!boxes.containsKey(sandboxId)) {
            throw new SandboxNotFoundException("The sandbox " + sandboxId + " does not exist (any more).");
        }
    }

    /** Nothing leaves an in-memory sandbox: its proxy log is always empty. */
    @Override
    public synchronized List<dev.sandboxes.network.NetworkLogEntry> networkLog(String sandboxId) {
        existing(sandboxId);
        return List.of();
    }

    /** Accepts new credential rules; there is no proxy here, so nothing is injected. */
    @Override
    public synchronized void updateCredentials(String sandboxId, List<dev.sandboxes.network.CredentialRule> rules) {
        if (!boxes.containsKey(sandboxId)) {
            throw new SandboxNotFoundException("The sandbox " + sandboxId + " does not exist (any more).");
        }
    }

    /** Changes the limits recorded for a sandbox; unset ones are kept. */
    @Override
    public synchronized void updateLimits(String sandboxId, Limits limits) {
        Box box = boxes.get(sandboxId);
        if (box == null) {
            throw new SandboxNotFoundException("The sandbox " + sandboxId + " does not exist (any more).");
        }
        box.limits = limits.orElse(box.limits);
    }

    /**
     * "Builds" a template at once: its image (and its parents') exists from then on, and the
     * listener hears a one-step build, as from an engine.
     */
    @Override
    public synchronized String buildTemplate(Template.Built template, TemplateSettings settings, SandboxListener listener) {
        String tag = template.imageTag(settings);
        if (builtTemplates.containsKey(tag)) {
            return tag;
        }
        template.parent().filter(Template.Built.class::isInstance)
                .ifPresent(parent -> buildTemplate((Template.Built) parent, settings, listener));
        listener.onTemplateProgress(new TemplateProgress(template.label(), TemplateProgress.Kind.STARTED, "building " + tag, 0, 0));
        listener.onTemplateProgress(new TemplateProgress(template.label(), TemplateProgress.Kind.STEP, "FROM scratch", 1, 1));
        builtTemplates.put(tag, new TemplateBuild(template.name(), tag, "sha256:" + newId(), Instant.now(), 0));
        listener.onTemplateProgress(new TemplateProgress(template.label(), TemplateProgress.Kind.DONE, tag, 0, 0));
        return tag;
    }

    @Override
    public synchronized List<TemplateBuild> templateImages() {
        return List.copyOf(builtTemplates.values());
    }

    /** Removes a template's builds; refused while a sandbox uses one, as on an engine. */
    @Override
    public synchronized void removeTemplateImages(String templateName) {
        for (TemplateBuild image : templateImages()) {
            if (image.name().equals(templateName)) {
                if (boxes.values().stream().anyMatch(b -> image.tag().equals(b.labels.get(LabelCodec.TEMPLATE_IMAGE)))) {
                    throw new SandboxStateException("The template image " + image.tag() + " is still in use."
                            + " Remove the sandboxes made from it first.");
                }
                builtTemplates.remove(image.tag());
            }
        }
    }

    @Override
    public synchronized List<SandboxSummary> list() {
        return boxes.values().stream().map(Box::summary).toList();
    }

    @Override
    public synchronized Optional<SandboxSummary> findByWorkspace(Path workspace) {
        return byWorkspace(workspace).map(Box::summary);
    }

    @Override
    public synchronized Optional<SandboxInfo> inspect(String sandboxId) {
        return Optional.ofNullable(boxes.get(sandboxId)).map(box -> {
            Map<String, String> env = new LinkedHashMap<>();
            box.env.forEach((name, value) -> env.put(name, SecretNames.mask(name, value)));
            Instant stopped = box.stoppedAt;
            return new SandboxInfo(box.summary(), env, LabelCodec.mounts(box.labels),
                    Boolean.parseBoolean(box.labels.get(LabelCodec.DOCKER_SOCKET)), LabelCodec.ports(box.labels),
                    LabelCodec.agentUser(box.labels), true, false, box.limits,
                    box.status == SandboxStatus.STOPPED ? Optional.ofNullable(stopped) : Optional.empty());
        });
    }

    @Override
    public boolean busy(String sandboxId) {
        Box box = existing(sandboxId);
        return !box.running.isEmpty() || !box.detached.isEmpty();
    }

    @Override
    public ExecHandle start(String sandboxId, ExecRequest request) {
        Box box = running(sandboxId);
        RecordedExec record = new RecordedExec(box.id, request.argv(), request.env(),
                request.workingDirectory().orElse(box.workspace.toString()), request.user());
        execs.add(record);
        ScriptedExec exec = new ScriptedExec(request, script.outcomeFor(request), record);
        box.running.add(exec);
        exec.result().whenComplete((result, failure) -> box.running.remove(exec));
        return exec.begin();
    }

    @Override
    public DetachedExec startDetached(String sandboxId, ExecRequest request) {
        Box box = running(sandboxId);
        execs.add(new RecordedExec(box.id, request.argv(), request.env(),
                request.workingDirectory().orElse(box.workspace.toString()), request.user()));
        String id = newId().substring(0, 12);
        DetachedExec detached = new DetachedExec(id, String.join(" ", request.argv()), "/tmp/sandboxes-exec-" + id + ".log");
        box.detached.put(id, detached);
        box.files.put(detached.log(), script.outcomeFor(request).stdout());
        return detached;
    }

    @Override
    public List<DetachedExec> detachedExecs(String sandboxId) {
        return List.copyOf(running(sandboxId).detached.values());
    }

    @Override
    public void killDetached(String sandboxId, String execId) {
        running(sandboxId).detached.remove(execId);
    }

    /**
     * Files under the workspace are the host's, as the Docker runtime's bind mount makes them; the
     * rest of the sandbox's files live in memory.
     */
    @Override
    public byte[] readFile(String sandboxId, String path) {
        Box box = existing(sandboxId);
        Optional<Path> onHost = onHost(box, path);
        if (onHost.isPresent()) {
            Path file = hostFile(box, path, onHost.get());
            try {
                return Files.readAllBytes(file);
            } catch (IOException e) {
                throw InMemoryFiles.missing(box, path);
            }
        }
        byte[] content = box.files.get(path);
        if (content == null) {
            if (box.files.keySet().stream().anyMatch(file -> file.startsWith(path + "/"))) {
                throw isAFolder(box, path);
            }
            throw InMemoryFiles.missing(box, path);
        }
        return content.clone();
    }

    @Override
    public byte[] readFile(String sandboxId, String path, long offset, int length) {
        Box box = existing(sandboxId);
        Optional<Path> onHost = onHost(box, path);
        return onHost.isPresent()
                ? InMemoryFiles.readPart(box, path, hostFile(box, path, onHost.get()), offset, length)
                : InMemoryFiles.readPart(readFile(sandboxId, path), offset, length);
    }

    private static Path hostFile(Box box, String path, Path onHost) {
        if (Files.isDirectory(onHost)) {
            throw isAFolder(box, path);
        }
        if (!Files.exists(onHost)) {
            throw InMemoryFiles.missing(box, path);
        }
        return onHost;
    }

    private static Set<java.nio.file.attribute.PosixFilePermission> permissions(int mode) {
        Set<java.nio.file.attribute.PosixFilePermission> permissions = java.util.EnumSet.noneOf(java.nio.file.attribute.PosixFilePermission.class);
        java.nio.file.attribute.PosixFilePermission[] all = java.nio.file.attribute.PosixFilePermission.values();
        for (int i = 0; i < all.length; i++) {
            if ((mode & (1 << (8 - i))) != 0) {
                permissions.add(all[i]);
            }
        }
        return permissions;
    }

    private static InvalidSandboxConfigException isAFolder(Box box, String path) {
        return new InvalidSandboxConfigException(path + " is a folder in sandbox " + box.id
                + ": read files one by one, or copy the folder out with copyFrom(...).");
    }

    @Override
    public void writeFile(String sandboxId, String path, byte[] content, int mode, int uid, int gid) {
        Box box = existing(sandboxId);
        Optional<Path> onHost = onHost(box, path);
        if (onHost.isPresent()) {
            try {
                Files.write(onHost.get(), content);
                Files.setPosixFilePermissions(onHost.get(), permissions(mode));
            } catch (IOException e) {
                throw new SandboxNotFoundException("Cannot write " + path + " in sandbox " + sandboxId + ": " + e.getMessage());
            }
            return;
        }
        box.files.put(path, content.clone());
        box.meta.put(path, new InMemoryFiles.Meta(mode, uid, gid, Instant.now()));
    }

    @Override
    public List<dev.sandboxes.core.FileEntry> listFiles(String sandboxId, String folder) {
        return InMemoryFiles.list(existing(sandboxId), folder);
    }

    @Override
    public void delete(String sandboxId, String path) {
        InMemoryFiles.delete(existing(sandboxId), path);
    }

    @Override
    public void copyTo(String sandboxId, Path host, String sandboxPath, int uid, int gid) {
        Box box = existing(sandboxId);
        if (!Files.exists(host)) {
            throw new InvalidSandboxConfigException("Cannot copy " + host + " into the sandbox: it does not exist.");
        }
        try (var paths = Files.walk(host)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                if (Files.isRegularFile(path)) {
                    String relative = host.relativize(path).toString();
                    String target = relative.isEmpty() ? sandboxPath : sandboxPath + "/" + relative;
                    // As the engine's archive does, the copy makes the folders it holds.
                    Optional<Path> onHost = onHost(box, target);
                    if (onHost.isPresent()) {
                        Files.createDirectories(onHost.get().getParent());
                    }
                    writeFile(box.id, target, Files.readAllBytes(path), 0644, uid, gid);
                }
            }
        } catch (IOException e) {
            throw new SandboxException("Copying " + host + " into sandbox " + sandboxId + " failed: " + e, e);
        }
    }

    @Override
    public void copyFrom(String sandboxId, String sandboxPath, Path host) {
        Box box = existing(sandboxId);
        if (Files.exists(host)) {
            throw new InvalidSandboxConfigException("Cannot copy " + sandboxPath + " to " + host
                    + ": it exists already. Give a path that does not exist yet.");
        }
        boolean found = false;
        try {
            for (Map.Entry<String, byte[]> file : box.files.entrySet()) {
                Path target = file.getKey().equals(sandboxPath) ? host
                        : file.getKey().startsWith(sandboxPath + "/") ? host.resolve(file.getKey().substring(sandboxPath.length() + 1))
                        : null;
                if (target != null) {
                    Files.createDirectories(target.toAbsolutePath().getParent());
                    Files.write(target, file.getValue());
                    found = true;
                }
            }
        } catch (IOException e) {
            throw new SandboxException("Copying " + sandboxPath + " out of sandbox " + sandboxId + " failed: " + e, e);
        }
        if (!found) {
            throw new SandboxNotFoundException("There is no " + sandboxPath + " in sandbox " + sandboxId + " (or no such sandbox).");
        }
    }

    static Optional<Path> onHost(Box box, String path) {
        Path inSandbox = Path.of(path).normalize();
        return inSandbox.startsWith(box.workspace) ? Optional.of(inSandbox) : Optional.empty();
    }

    /** Keeps the sandbox's files as an image of that name, which new sandboxes may then use. */
    @Override
    public synchronized String save(String sandboxId, String image) {
        Box box = existing(sandboxId);
        savedImages.put(image, Map.copyOf(box.files));
        templates.add(image);
        return "sha256:" + newId();
    }

    /** A new sandbox with the same settings, none of the old one's files; the workspace is the host's. */
    @Override
    public synchronized SandboxSummary reset(String sandboxId, dev.sandboxes.spi.GitIdentitySource gitIdentity,
                                             SandboxListener listener) {
        Box old = existing(sandboxId);
        remove(sandboxId, listener);
        Box box = new Box(newId(), old.name, old.workspace, old.labels, old.env);
        box.files.putAll(savedImages.getOrDefault(old.labels.getOrDefault(SandboxLabels.TEMPLATE, ""), Map.of()));
        box.limits = old.limits;
        boxes.put(box.id, box);
        listener.onEvent(event(SandboxEvent.Type.CREATED, box));
        box.status = SandboxStatus.RUNNING;
        listener.onEvent(event(SandboxEvent.Type.STARTED, box));
        return box.summary();
    }

    @Override
    public synchronized void stop(String sandboxId, SandboxListener listener) {
        Box box = existing(sandboxId);
        box.status = SandboxStatus.STOPPED;
        box.stoppedAt = Instant.now();
        // A stop ends every process, as an engine's does.
        box.detached.clear();
        box.running.forEach(exec -> exec.fail(new SandboxStateException("Sandbox " + box.id
                + " was stopped while a command ran in it. Open its workspace again to start it.")));
        listener.onEvent(event(SandboxEvent.Type.STOPPED, box));
    }

    @Override
    public synchronized void remove(String sandboxId, SandboxListener listener) {
        Box box = boxes.remove(sandboxId);
        if (box != null) {
            box.status = SandboxStatus.REMOVED;
            box.running.forEach(exec -> exec.fail(new SandboxNotFoundException("Sandbox " + box.id
                    + " was removed while a command ran in it.")));
            listener.onEvent(event(SandboxEvent.Type.REMOVED, box));
        }
    }

    private synchronized Box existing(String sandboxId) {
        Box box = boxes.get(sandboxId);
        if (box == null) {
            throw new SandboxNotFoundException("Sandbox " + sandboxId + " does not exist any more: it was removed."
                    + " Open its workspace again for a new one.");
        }
        return box;
    }

    private Box running(String sandboxId) {
        Box box = existing(sandboxId);
        if (box.status != SandboxStatus.RUNNING) {
            throw new SandboxStateException("Sandbox " + sandboxId + " is not running (" + box.status.label()
                    + "): open its workspace again to start it.");
        }
        return box;
    }

    private Optional<Box> byWorkspace(Path workspace) {
        return boxes.values().stream().filter(b -> b.workspace.equals(workspace)).findFirst();
    }

    private String newId() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static SandboxEvent event(SandboxEvent.Type type, Box box) {
        return SandboxEvent.now(type, box.id, box.name, box.workspace);
    }

}
