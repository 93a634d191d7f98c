package dev.sandboxes.testkit.junit5;

import dev.sandboxes.Sandbox;
import dev.sandboxes.SandboxBuilder;
import dev.sandboxes.Sandboxes;
import dev.sandboxes.core.SandboxEvent;
import dev.sandboxes.core.SandboxListener;
import dev.sandboxes.core.SandboxSummary;
import dev.sandboxes.errors.SandboxException;
import dev.sandboxes.internal.OpenHandles;
import dev.sandboxes.internal.RuntimeSelector;
import dev.sandboxes.spi.RuntimeConfig;
import dev.sandboxes.spi.SandboxRuntime;
import dev.sandboxes.testkit.InMemoryRuntime;
import dev.sandboxes.testkit.SandboxReaper;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit 5 extension behind {@link SandboxTest}; also usable on its own with
 * {@code @RegisterExtension}, for a runtime of the test's choosing.
 *
 * <p>One sandbox per scope: a test method's parameters (in {@code @BeforeEach} and the test alike)
 * share one, removed after the test; a constructor's and {@code @BeforeAll}'s share one for the
 * class, removed after it. A parameter of type {@link InMemoryRuntime} gives the test its runtime,
 * to script commands and read what ran.
 *
 * <p>Every sandbox it creates is labelled {@value SandboxReaper#SESSION_LABEL} with this JVM's session;
 * on an engine, a {@link SandboxReaper} process removes them should the JVM die before it could.
 *
 * <pre>{@code
 * @RegisterExtension
 * static SandboxExtension sandboxes = SandboxExtension.on(runtime, "node:22");
 * }</pre>
 */
public final class SandboxExtension implements ParameterResolver, ExecutionCondition, BeforeEachCallback, AfterEachCallback {

    /** Where Docker's availability comes from; replaceable by the extension's own tests. */
    static volatile Supplier<Optional<String>> dockerUnavailableReason = DockerDetection::unavailableReason;

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SandboxExtension.class);
    private static final Object DOCKER_LOCK = new Object();
    private static volatile SandboxRuntime docker;

    private final SandboxTest.RuntimeKind kind;
    private final String template;
    private final SandboxRuntime givenRuntime;

    /** For {@code @ExtendWith} through {@link SandboxTest}: settings come from the annotation. */
    public SandboxExtension() {
        this(null, null, null);
    }

    private SandboxExtension(SandboxTest.RuntimeKind kind, String template, SandboxRuntime runtime) {
        this.kind = kind;
        this.template = template;
        this.givenRuntime = runtime;
    }

    /** Sandboxes of this template on the Docker runtime. */
    public static SandboxExtension docker(String template) {
        return new SandboxExtension(SandboxTest.RuntimeKind.DOCKER, Objects.requireNonNull(template, "template"), null);
    }

    /** Sandboxes of this template on the given runtime (an {@link InMemoryRuntime} with a script, say). */
    public static SandboxExtension on(SandboxRuntime runtime, String template) {
        return new SandboxExtension(SandboxTest.RuntimeKind.IN_MEMORY, Objects.requireNonNull(template, "template"),
                Objects.requireNonNull(runtime, "runtime"));
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (kind(context) != SandboxTest.RuntimeKind.DOCKER) {
            return ConditionEvaluationResult.enabled("no Docker needed");
        }
        Optional<String> unavailable = dockerUnavailableReason.get();
        if (unavailable.isEmpty()) {
            return ConditionEvaluationResult.enabled("Docker is available");
        }
        if (dockerRequired()) {
            // Enabled so that it fails, loudly, where Docker is required.
            return ConditionEvaluationResult.enabled("Docker is required but unavailable: " + unavailable.get());
        }
        return ConditionEvaluationResult.disabled("No Docker engine, so this sandbox test is skipped: " + unavailable.get()
                + ". Set CI=true or -Dsandboxes.requireDocker=true to make it fail instead.");
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == Sandbox.class || (type == InMemoryRuntime.class && runtime(context) instanceof InMemoryRuntime);
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        if (parameter.getParameter().getType() == InMemoryRuntime.class) {
            return runtime(context);
        }
        if (kind(context) == SandboxTest.RuntimeKind.DOCKER) {
            dockerUnavailableReason.get().ifPresent(reason -> {
                throw new ParameterResolutionException("Docker is required here (CI=true or -Dsandboxes.requireDocker=true)"
                        + " but unavailable: " + reason);
            });
        }
        // A constructor's or a static method's sandbox serves the whole class; a test method's, that test.
        Executable owner = parameter.getDeclaringExecutable();
        boolean classWide = owner instanceof Constructor || Modifier.isStatic(owner.getModifiers());
        ExtensionContext scope = classWide ? classContext(context) : context;
        Optional<InWorkspace> named = parameter.findAnnotation(InWorkspace.class);
        // Stores see their parents' values: the key names the scope, so a test never gets the class's sandbox.
        String key = "sandbox:" + scope.getUniqueId() + ":" + named.map(InWorkspace::value).orElse("");
        OwnedSandbox owned = scope.getStore(NAMESPACE).getOrComputeIfAbsent(key,
                ignored -> open(runtime(context), agent(context), template(context), named), OwnedSandbox.class);
        owned(classContext(context)).add(owned.sandbox());
        return owned.sandbox();
    }

    private static OwnedSandbox open(SandboxRuntime runtime, String agent, String template, Optional<InWorkspace> named) {
        Path workspace = null;
        try {
            workspace = named.isPresent() ? Path.of(named.get().value()).toAbsolutePath() : temporaryWorkspace();
            AtomicBoolean created = new AtomicBoolean();
            if (!(runtime instanceof InMemoryRuntime)) {
                // Before the sandbox exists: there is no moment in which a killed JVM would leave it behind.
                ReaperProcess.ensureStarted(runtime.name(),
                        () -> runtime == docker ? dockerConfig() : RuntimeConfig.fromHost());
            }
            SandboxBuilder builder = Sandboxes.forWorkspace(workspace).runtime(runtime)
                    .label(SandboxReaper.SESSION_LABEL, ReaperProcess.SESSION);
            if (!agent.isEmpty()) {
                builder.agent(agent);
            }
            if (!template.isEmpty()) {
                builder.template(template);
            }
            Sandbox sandbox = builder.listener(event -> created.compareAndSet(false, event.type() == SandboxEvent.Type.CREATED))
                    .open();
            // A named folder's sandbox that existed before the test is the user's: it stays.
            return new OwnedSandbox(runtime, sandbox, created.get(), named.isPresent() ? Optional.empty() : Optional.of(workspace));
        } catch (IOException e) {
            throw new ParameterResolutionException("Could not make a workspace for a sandbox: " + e, e);
        } catch (SandboxException e) {
            if (named.isEmpty() && workspace != null) {
                deleteQuietly(workspace);
            }
            throw new ParameterResolutionException("Could not open a sandbox for the test: " + e.getMessage(), e);
        }
    }

    /** A fresh folder open to all (the sandbox's user is not its owner), deleted with its sandbox. */
    private static Path temporaryWorkspace() throws IOException {
        Path workspace = Files.createTempDirectory(SandboxReaper.WORKSPACE_PREFIX).toRealPath();
        Files.setPosixFilePermissions(workspace, PosixFilePermissions.fromString("rwxrwxrwx"));
        return workspace;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getStore(NAMESPACE).put(OpenHandles.Scope.class, OpenHandles.begin());
    }

    /**
     * The leak check: sandboxes this test created and did not remove, and handles it opened and did
     * not close, fail it by name; only what the test's own thread (and the threads it started) did
     * counts, so tests running in parallel never blame each other. Leaks are cleaned up.
     */
    @Override
    public void afterEach(ExtensionContext context) {
        OpenHandles.end();
        OpenHandles.Scope scope = context.getStore(NAMESPACE).remove(OpenHandles.Scope.class, OpenHandles.Scope.class);
        if (scope == null) {
            return;
        }
        SandboxRuntime runtime = runtime(context);
        Set<Sandbox> ours = owned(classContext(context));
        Set<String> ourIds = new java.util.HashSet<>();
        ours.forEach(s -> ourIds.add(s.id()));
        List<SandboxSummary> leakedSandboxes = runtime.list().stream()
                .filter(s -> scope.createdSandboxes().contains(s.id()) && !ourIds.contains(s.id())).toList();
        // The API tracks its handles as AutoCloseable: in a test, every one of them is a Sandbox.
        List<Sandbox> leakedHandles = scope.openHandles().stream().filter(Sandbox.class::isInstance).map(Sandbox.class::cast)
                .filter(h -> !ours.contains(h)).toList();
        leakedHandles.forEach(Sandbox::close);
        leakedSandboxes.forEach(s -> runtime.remove(s.id(), SandboxListener.NONE));
        List<String> leaks = new ArrayList<>();
        leakedSandboxes.forEach(s -> leaks.add("sandbox " + s.name() + " (" + s.shortId() + ") of " + s.workspace()
                + " was created and not removed"));
        leakedHandles.forEach(h -> leaks.add("a handle on sandbox " + h.name() + " was opened and not closed"));
        if (!leaks.isEmpty()) {
            throw new AssertionError("The test leaked: " + String.join("; ", leaks)
                    + ". Close handles (try-with-resources) and remove sandboxes a test creates.");
        }
    }

    private SandboxTest.RuntimeKind kind(ExtensionContext context) {
        return kind != null ? kind : annotation(context).runtime();
    }

    /** The annotation's agent; a programmatically registered extension has the default agent. */
    private String agent(ExtensionContext context) {
        return template != null ? "" : annotation(context).agent();
    }

    private String template(ExtensionContext context) {
        return template != null ? template : annotation(context).template();
    }

    private SandboxRuntime runtime(ExtensionContext context) {
        if (givenRuntime != null) {
            return givenRuntime;
        }
        if (kind(context) == SandboxTest.RuntimeKind.IN_MEMORY) {
            return classContext(context).getStore(NAMESPACE)
                    .getOrComputeIfAbsent(InMemoryRuntime.class, key -> new InMemoryRuntime(), InMemoryRuntime.class);
        }
        return dockerRuntime();
    }

    /** The Docker runtime on the engine Testcontainers found (when it is there), once per JVM. */
    private static SandboxRuntime dockerRuntime() {
        SandboxRuntime runtime = docker;
        if (runtime == null) {
            synchronized (DOCKER_LOCK) {
                runtime = docker;
                if (runtime == null) {
                    runtime = RuntimeSelector.fromClassPath().select(dockerConfig(), Optional.of("docker"));
                    docker = runtime;
                }
            }
        }
        return runtime;
    }

    /** The host's environment, with the engine Testcontainers found (when it is there) as DOCKER_HOST. */
    private static RuntimeConfig dockerConfig() {
        RuntimeConfig config = RuntimeConfig.fromHost();
        Optional<String> host = DockerDetection.dockerHost();
        return host.isPresent() ? config.withEnv("DOCKER_HOST", host.get()) : config;
    }

    /** {@code @SandboxTest} on the class, an enclosing class, or an annotation of theirs. */
    private static SandboxTest annotation(ExtensionContext context) {
        Optional<Class<?>> type = context.getTestClass();
        while (type.isPresent()) {
            Optional<SandboxTest> found = AnnotationSupport.findAnnotation(type.get(), SandboxTest.class);
            if (found.isPresent()) {
                return found.get();
            }
            type = Optional.ofNullable(type.get().getEnclosingClass());
        }
        throw new IllegalStateException("No @SandboxTest on " + context.getRequiredTestClass().getName()
                + ": annotate the class, or register SandboxExtension.docker(...) with @RegisterExtension.");
    }

    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext current = context;
        while (current.getTestMethod().isPresent() && current.getParent().isPresent()) {
            current = current.getParent().get();
        }
        return current;
    }

    /** The handles the extension gave out in this class, by identity. */
    @SuppressWarnings("unchecked")
    private static Set<Sandbox> owned(ExtensionContext classContext) {
        return classContext.getStore(NAMESPACE).getOrComputeIfAbsent("owned",
                key -> Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>())), Set.class);
    }

    private static boolean dockerRequired() {
        String property = System.getProperty("sandboxes.requireDocker");
        if (property != null) {
            return Boolean.parseBoolean(property);
        }
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    private static void deleteQuietly(Path folder) {
        try (var paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // A leftover temporary folder harms nothing.
        }
    }

    /**
     * A sandbox the extension opened: closed when its scope ends, removed when the extension created
     * it, and its workspace deleted when the extension made that too.
     *
     * <p>Both kinds of closeable: JUnit 5.13 and later close what is {@link AutoCloseable} (and call
     * {@code CloseableResource}, which they deprecate, no more); JUnit before 5.13 closes only a
     * {@code CloseableResource}. Either way it is closed once.
     */
    @SuppressWarnings("deprecation")
    private record OwnedSandbox(SandboxRuntime runtime, Sandbox sandbox, boolean created, Optional<Path> temporaryWorkspace)
            implements AutoCloseable, ExtensionContext.Store.CloseableResource {

        @Override
        public void close() {
            try {
                sandbox.close();
                if (created) {
                    runtime.remove(sandbox.id(), SandboxListener.NONE);
                }
            } finally {
                temporaryWorkspace.ifPresent(SandboxExtension::deleteQuietly);
            }
        }
    }
}
