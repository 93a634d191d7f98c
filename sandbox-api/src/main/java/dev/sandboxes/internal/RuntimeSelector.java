package dev.sandboxes.internal;

import dev.sandboxes.errors.RuntimeUnavailableException;
import dev.sandboxes.errors.SandboxException;
import dev.sandboxes.spi.ProbeResult;
import dev.sandboxes.spi.RuntimeConfig;
import dev.sandboxes.spi.SandboxRuntime;
import dev.sandboxes.spi.SandboxRuntimeProvider;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Chooses the runtime: the provider named by {@value #PROPERTY} / {@value #ENV_VARIABLE}, else the
 * available discoverable provider of highest priority. Never falls back silently: when nothing is
 * usable, the error lists every provider tried and why it failed.
 */
public final class RuntimeSelector {

    public static final String PROPERTY = "sandbox.runtime";
    public static final String ENV_VARIABLE = "SANDBOX_RUNTIME";

    private static final Object LOCK = new Object();
    private static volatile SandboxRuntime defaultRuntime;

    private final List<SandboxRuntimeProvider> providers;

    public RuntimeSelector(List<SandboxRuntimeProvider> providers) {
        this.providers = List.copyOf(providers);
    }

    /**
     * The default runtime, discovered on first use and kept for the life of the JVM.
     *
     * @throws RuntimeUnavailableException when no runtime is usable, listing what was tried
     */
    public static SandboxRuntime defaultRuntime() {
        SandboxRuntime runtime = defaultRuntime;
        if (runtime == null) {
            synchronized (LOCK) {
                runtime = defaultRuntime;
                if (runtime == null) {
                    runtime = fromClassPath().select(RuntimeConfig.fromHost());
                    defaultRuntime = runtime;
                }
            }
        }
        return runtime;
    }

    /** The providers declared on the class path. */
    public static RuntimeSelector fromClassPath() {
        List<SandboxRuntimeProvider> found = new ArrayList<>();
        try {
            ServiceLoader.load(SandboxRuntimeProvider.class, RuntimeSelector.class.getClassLoader()).forEach(found::add);
        } catch (ServiceConfigurationError e) {
            throw new RuntimeUnavailableException("A sandbox runtime provider on the class path is broken: "
                    + e.getMessage(), e);
        }
        return new RuntimeSelector(found);
    }

    /** Selects with the name asked for by the system property or, failing that, the environment. */
    public SandboxRuntime select(RuntimeConfig config) {
        Optional<String> requested = Optional.ofNullable(System.getProperty(PROPERTY)).filter(s -> !s.isBlank())
                .or(() -> config.env(ENV_VARIABLE));
        return select(config, requested);
    }

    public SandboxRuntime select(RuntimeConfig config, Optional<String> requested) {
        if (requested.isPresent()) {
            return selectNamed(config, requested.get().trim());
        }
        List<SandboxRuntimeProvider> candidates = providers.stream()
                .filter(SandboxRuntimeProvider::discoverable)
                .sorted(Comparator.comparingInt(SandboxRuntimeProvider::priority).reversed())
                .toList();
        if (candidates.isEmpty()) {
            throw new RuntimeUnavailableException("No sandbox runtime is on the class path: add the dependency"
                    + " dev.sandboxes:sandbox-docker, or pass a runtime to the builder with runtime(...).");
        }
        List<String> tried = new ArrayList<>();
        for (SandboxRuntimeProvider provider : candidates) {
            ProbeResult probe = safeProbe(provider, config);
            if (!probe.available()) {
                tried.add(provider.name() + ": " + probe.reason());
                continue;
            }
            try {
                return provider.create(config);
            } catch (SandboxException e) {
                // Any failure to connect means "not usable here": try the next provider.
                tried.add(provider.name() + ": " + e.getMessage());
            }
        }
        String reasons = String.join("; ", tried.stream().map(reason -> reason.replaceAll("\\.+$", "")).toList());
        // A reason that already says how to fix it is not followed by the same advice again.
        throw new RuntimeUnavailableException("No sandbox runtime is usable. Tried " + reasons + "."
                + (reasons.contains("DOCKER_HOST") ? "" : " Start a Docker engine, or point DOCKER_HOST at one."));
    }

    /** The provider of that name on the class path, if there is one. */
    public Optional<SandboxRuntimeProvider> provider(String name) {
        return providers.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    private SandboxRuntime selectNamed(RuntimeConfig config, String name) {
        SandboxRuntimeProvider provider = provider(name)
                .orElseThrow(() -> new RuntimeUnavailableException("The runtime '" + name + "' was asked for (by "
                        + PROPERTY + " or " + ENV_VARIABLE + ") but is not on the class path; the runtimes there are: "
                        + providers.stream().map(SandboxRuntimeProvider::name).sorted().toList() + "."));
        ProbeResult probe = safeProbe(provider, config);
        if (!probe.available()) {
            throw new RuntimeUnavailableException("The runtime '" + name + "' was asked for but is unavailable: "
                    + probe.reason());
        }
        return provider.create(config);
    }

    /** Probes are promised never to throw; a broken provider must still not break discovery. */
    private static ProbeResult safeProbe(SandboxRuntimeProvider provider, RuntimeConfig config) {
        try {
            return provider.probe(config);
        } catch (RuntimeException e) {
            return ProbeResult.unavailable("its probe failed: " + e);
        }
    }
}
