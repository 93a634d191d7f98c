package dev.sandboxes.testkit.junit5;

import dev.sandboxes.Sandbox;
import dev.sandboxes.SandboxException;
import dev.sandboxes.SandboxListener;
import dev.sandboxes.SandboxSummary;
import dev.sandboxes.Sandboxes;
import dev.sandboxes.internal.OpenHandles;
import dev.sandboxes.spi.SandboxRuntime;
import dev.sandboxes.testkit.InMemoryRuntime;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The JUnit 5 extension behind {@link SandboxTest}; also usable on its own with
 * {@code @RegisterExtension}, for a runtime of the test's choosing.
 *
 * <pre>{@code
 * @RegisterExtension
 * static SandboxExtension sandboxes = SandboxExtension.inMemory(runtime, "node:22");
 * }</pre>
 */
public final class SandboxExtension implements ParameterResolver, ExecutionCondition, BeforeEachCallback, AfterEachCallback {

    /** Where Docker's availability comes from; replaceable by the extension's own tests. */
    static volatile Supplier<Optional<String>> dockerUnavailableReason = TestcontainersDetection::unavailableReason;

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SandboxExtension.class);

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
        return parameter.getParameter().getType() == Sandbox.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
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
        SandboxRuntime runtime = runtime(context);
        try {
            Optional<InWorkspace> named = parameter.findAnnotation(InWorkspace.class);
            Path workspace = named.isPresent() ? Path.of(named.get().value()).toAbsolutePath() : temporaryWorkspace();
            Sandbox sandbox = Sandboxes.forWorkspace(workspace).template(template(context)).runtime(runtime).open();
            OwnedSandbox owned = new OwnedSandbox(runtime, sandbox, named.isPresent() ? Optional.empty() : Optional.of(workspace));
            scope.getStore(NAMESPACE).put(owned, owned);
            owned(classContext(context)).add(sandbox.id());
            return sandbox;
        } catch (IOException e) {
            throw new ParameterResolutionException("Could not make a workspace for a sandbox: " + e, e);
        } catch (SandboxException e) {
            throw new ParameterResolutionException("Could not open a sandbox for the test: " + e.getMessage(), e);
        }
    }

    /** A fresh folder open to all (the sandbox's user is not its owner), deleted with its sandbox. */
    private static Path temporaryWorkspace() throws IOException {
        Path workspace = Files.createTempDirectory("sandbox-test-").toRealPath();
        Files.setPosixFilePermissions(workspace, PosixFilePermissions.fromString("rwxrwxrwx"));
        return workspace;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        SandboxRuntime runtime = runtime(context);
        context.getStore(NAMESPACE).put(Snapshot.class, new Snapshot(ids(runtime), new HashSet<>(OpenHandles.snapshot())));
    }

    /**
     * The leak check: sandboxes this test created and did not remove, and handles it opened and did
     * not close, fail it by name. Leaked sandboxes are removed, so the next test starts clean.
     */
    @Override
    public void afterEach(ExtensionContext context) {
        Snapshot before = context.getStore(NAMESPACE).remove(Snapshot.class, Snapshot.class);
        if (before == null) {
            return;
        }
        SandboxRuntime runtime = runtime(context);
        Set<String> ours = owned(classContext(context));
        List<SandboxSummary> leakedSandboxes = runtime.list().stream()
                .filter(s -> !before.sandboxIds().contains(s.id()) && !ours.contains(s.id())).toList();
        List<Sandbox> leakedHandles = OpenHandles.snapshot().stream()
                .filter(h -> !before.handles().contains(h) && !ours.contains(h.id())).toList();
        leakedSandboxes.forEach(s -> runtime.remove(s.id(), SandboxListener.NONE));
        leakedHandles.forEach(Sandbox::close);
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
        return Sandboxes.runtime();
    }

    private static SandboxTest annotation(ExtensionContext context) {
        Optional<Class<?>> type = context.getTestClass();
        while (type.isPresent()) {
            SandboxTest found = type.get().getAnnotation(SandboxTest.class);
            if (found != null) {
                return found;
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

    @SuppressWarnings("unchecked")
    private static Set<String> owned(ExtensionContext classContext) {
        return classContext.getStore(NAMESPACE).getOrComputeIfAbsent("owned",
                key -> java.util.concurrent.ConcurrentHashMap.newKeySet(), Set.class);
    }

    private static Set<String> ids(SandboxRuntime runtime) {
        return runtime.list().stream().map(SandboxSummary::id).collect(Collectors.toSet());
    }

    private static boolean dockerRequired() {
        String property = System.getProperty("sandboxes.requireDocker");
        if (property != null) {
            return Boolean.parseBoolean(property);
        }
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    private record Snapshot(Set<String> sandboxIds, Set<Sandbox> handles) {
    }

    /**
     * A sandbox the extension opened: closed and removed when its scope ends, and its workspace
     * deleted when the extension made it.
     */
    private record OwnedSandbox(SandboxRuntime runtime, Sandbox sandbox, Optional<Path> temporaryWorkspace)
            implements AutoCloseable {

        @Override
        public void close() {
            sandbox.close();
            runtime.remove(sandbox.id(), SandboxListener.NONE);
            temporaryWorkspace.ifPresent(workspace -> {
                try (var paths = Files.walk(workspace)) {
                    paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                } catch (IOException ignored) {
                    // A leftover temporary folder harms nothing.
                }
            });
        }
    }
}
