package dev.sandboxes.internal;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.sandboxes.errors.RuntimeUnavailableException;
import dev.sandboxes.spi.ProbeResult;
import dev.sandboxes.spi.RuntimeConfig;
import dev.sandboxes.spi.SandboxRuntime;
import dev.sandboxes.spi.SandboxRuntimeProvider;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Which runtime provider is chosen, and what the error says when none can be. */
class RuntimeSelectorTest {

    /** An empty environment, so that a SANDBOX_RUNTIME of the machine running the tests plays no part. */
    private static final RuntimeConfig CONFIG = new RuntimeConfig(Map.of(), Path.of("/nonexistent-home"));

    /** The runtime each provider's create() returns, by provider name. */
    private final Map<String, SandboxRuntime> runtimes = new HashMap<>();

    /** A discoverable provider whose probe answers {@code probe} and whose create returns a runtime of its own. */
    private SandboxRuntimeProvider provider(String name, int priority, ProbeResult probe) {
        SandboxRuntimeProvider provider = mock(SandboxRuntimeProvider.class);
        when(provider.name()).thenReturn(name);
        when(provider.priority()).thenReturn(priority);
        // A mock does not run interface default methods: say it explicitly.
        when(provider.discoverable()).thenReturn(true);
        when(provider.probe(any())).thenReturn(probe);
        SandboxRuntime runtime = mock(SandboxRuntime.class);
        when(runtime.name()).thenReturn(name);
        when(provider.create(any())).thenReturn(runtime);
        runtimes.put(name, runtime);
        return provider;
    }

    private SandboxRuntimeProvider available(String name, int priority) {
        return provider(name, priority, ProbeResult.available(name + " answers"));
    }

    private SandboxRuntimeProvider unavailable(String name, int priority, String reason) {
        return provider(name, priority, ProbeResult.unavailable(reason));
    }

    private static RuntimeSelector selector(SandboxRuntimeProvider... providers) {
        return new RuntimeSelector(List.of(providers));
    }

    /** The runtime the provider's create() returns, to compare the selected one with. */
    private SandboxRuntime runtimeOf(SandboxRuntimeProvider provider) {
        return runtimes.get(provider.name());
    }

    private static void assertMessageContains(Exception e, String fragment) {
        assertTrue(e.getMessage().contains(fragment), () -> "expected '" + fragment + "' in: " + e.getMessage());
    }

    // ---------------------------------------------------------------- automatic selection

    @Test
    void highestPriorityAvailableProviderWins() {
        SandboxRuntimeProvider low = available("low", 10);
        SandboxRuntimeProvider high = available("high", 100);
        SandboxRuntimeProvider middle = available("middle", 50);
        SandboxRuntime expected = runtimeOf(high);

        assertSame(expected, selector(low, high, middle).select(CONFIG, Optional.empty()));
    }

    @Test
    void unavailableHigherPriorityProviderIsSkipped() {
        SandboxRuntimeProvider high = unavailable("high", 100, "no engine");
        SandboxRuntimeProvider middle = available("middle", 50);
        SandboxRuntimeProvider low = available("low", 10);

        assertSame(runtimeOf(middle), selector(high, middle, low).select(CONFIG, Optional.empty()));
        verify(high, never()).create(any());
    }

    @Test
    void nonDiscoverableProviderIsNeverSelectedAutomatically() {
        SandboxRuntimeProvider inMemory = available("in-memory", 1_000);
        when(inMemory.discoverable()).thenReturn(false);
        SandboxRuntimeProvider docker = available("docker", 100);

        assertSame(runtimeOf(docker), selector(inMemory, docker).select(CONFIG, Optional.empty()));
        verify(inMemory, never()).create(any());
    }

    @Test
    void probeThatThrowsIsTreatedAsUnavailable() {
        SandboxRuntimeProvider broken = available("broken", 100);
        when(broken.probe(any())).thenThrow(new IllegalStateException("probe bug"));
        SandboxRuntimeProvider working = available("working", 10);

        assertSame(runtimeOf(working), selector(broken, working).select(CONFIG, Optional.empty()));
        verify(broken, never()).create(any());
    }

    @Test
    void probeThatThrowsIsReportedWhenNothingElseWorks() {
        SandboxRuntimeProvider broken = available("broken", 100);
        when(broken.probe(any())).thenThrow(new IllegalStateException("probe bug"));

        RuntimeUnavailableException e = assertThrows(RuntimeUnavailableException.class,
                () -> selector(broken).select(CONFIG, Optional.empty()));

        assertMessageContains(e, "broken: its probe failed");
        assertMessageContains(e, "probe bug");
    }

    @Test
    void providerWhoseCreateFailsFallsThroughToTheNext() {
        SandboxRuntimeProvider flaky = available("flaky", 100);
        when(flaky.create(any())).thenThrow(new RuntimeUnavailableException("engine went away"));
        SandboxRuntimeProvider steady = available("steady", 10);

        assertSame(runtimeOf(steady), selector(flaky, steady).select(CONFIG, Optional.empty()));
    }

    @Test
    void providerWhoseEngineRefusesToConnectFallsThroughToTheNext() {
        SandboxRuntimeProvider refusing = available("refusing", 100);
        when(refusing.create(any())).thenThrow(new dev.sandboxes.errors.SandboxException("the engine refused /info"));
        SandboxRuntimeProvider steady = available("steady", 10);

        assertSame(runtimeOf(steady), selector(refusing, steady).select(CONFIG, Optional.empty()));
    }

    @Test
    void noProvidersAtAllPointsToSandboxDocker() {
        RuntimeUnavailableException e = assertThrows(RuntimeUnavailableException.class,
                () -> selector().select(CONFIG, Optional.empty()));

        assertMessageContains(e, "sandbox-docker");
    }

    @Test
    void allUnavailableListsEveryProviderAndItsReason() {
        SandboxRuntimeProvider docker = unavailable("docker", 100, "no socket at /var/run/docker.sock");
        SandboxRuntimeProvider podman = unavailable("podman", 50, "podman is not installed");
        SandboxRuntimeProvider flaky = available("flaky", 10);
        when(flaky.create(any())).thenThrow(new RuntimeUnavailableException("engine went away"));

        RuntimeUnavailableException e = assertThrows(RuntimeUnavailableException.class,
                () -> selector(docker, podman, flaky).select(CONFIG, Optional.empty()));

        assertMessageContains(e, "docker: no socket at /var/run/docker.sock");
        assertMessageContains(e, "podman: podman is not installed");
        assertMessageContains(e, "flaky: engine went away");
    }

    // ---------------------------------------------------------------- explicit selection

    @Test
    void explicitNameSelectsThatProviderEvenWithLowerPriority() {
        SandboxRuntimeProvider high = available("high", 100);
        SandboxRuntimeProvider low = available("low", 10);

        assertSame(runtimeOf(low), selector(high, low).select(CONFIG, Optional.of("low")));
        verify(high, never()).create(any());
    }

    @Test
    void explicitNameSelectsANonDiscoverableProvider() {
        // The testkit's in-memory runtime is only ever chosen by name.
        SandboxRuntimeProvider inMemory = available("in-memory", 0);
        when(inMemory.discoverable()).thenReturn(false);

        assertSame(runtimeOf(inMemory), selector(inMemory).select(CONFIG, Optional.of("in-memory")));
    }

    @Test
    void unknownExplicitNameListsTheProvidersThatAreThere() {
        RuntimeSelector selector = selector(available("docker", 100), available("in-memory", 0));

        RuntimeUnavailableException e = assertThrows(RuntimeUnavailableException.class,
                () -> selector.select(CONFIG, Optional.of("podman")));

        assertMessageContains(e, "'podman'");
        assertMessageContains(e, "docker");
        assertMessageContains(e, "in-memory");
    }

    @Test
    void explicitNameWhoseProbeIsUnavailableGivesTheProbesReason() {
        SandboxRuntimeProvider docker = unavailable("docker", 100, "DOCKER_HOST tcp://nowhere:2375 does not answer");
        SandboxRuntimeProvider other = available("other", 10);

        RuntimeUnavailableException e = assertThrows(RuntimeUnavailableException.class,
                () -> selector(docker, other).select(CONFIG, Optional.of("docker")));

        assertMessageContains(e, "DOCKER_HOST tcp://nowhere:2375 does not answer");
        verify(other, never()).create(any());
    }

    // ---------------------------------------------------------------- sandbox.runtime and SANDBOX_RUNTIME

    @Test
    void systemPropertySelectsTheProviderByName() {
        SandboxRuntimeProvider high = available("high", 100);
        SandboxRuntimeProvider low = available("low", 10);

        SandboxRuntime selected = withRuntimeProperty(" low ", () -> selector(high, low).select(CONFIG));

        assertSame(runtimeOf(low), selected);
    }

    @Test
    void blankSystemPropertyIsIgnored() {
        SandboxRuntimeProvider high = available("high", 100);
        SandboxRuntimeProvider low = available("low", 10);

        SandboxRuntime selected = withRuntimeProperty("  ", () -> selector(high, low).select(CONFIG));

        assertSame(runtimeOf(high), selected);
    }

    @Test
    void environmentVariableSelectsTheProviderByName() {
        SandboxRuntimeProvider high = available("high", 100);
        SandboxRuntimeProvider low = available("low", 10);
        RuntimeConfig config = CONFIG.withEnv(RuntimeSelector.ENV_VARIABLE, "low");

        SandboxRuntime selected = withRuntimeProperty(null, () -> selector(high, low).select(config));

        assertSame(runtimeOf(low), selected);
    }

    @Test
    void systemPropertyWinsOverTheEnvironmentVariable() {
        SandboxRuntimeProvider high = available("high", 100);
        SandboxRuntimeProvider low = available("low", 10);
        RuntimeConfig config = CONFIG.withEnv(RuntimeSelector.ENV_VARIABLE, "low");

        SandboxRuntime selected = withRuntimeProperty("high", () -> selector(high, low).select(config));

        assertSame(runtimeOf(high), selected);
    }

    /** Runs {@code action} with sandbox.runtime set to {@code value} (cleared when null), then restores it. */
    private static <T> T withRuntimeProperty(String value, Supplier<T> action) {
        String previous = System.getProperty(RuntimeSelector.PROPERTY);
        try {
            if (value == null) {
                System.clearProperty(RuntimeSelector.PROPERTY);
            } else {
                System.setProperty(RuntimeSelector.PROPERTY, value);
            }
            return action.get();
        } finally {
            if (previous == null) {
                System.clearProperty(RuntimeSelector.PROPERTY);
            } else {
                System.setProperty(RuntimeSelector.PROPERTY, previous);
            }
        }
    }
}
