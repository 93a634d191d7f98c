package dev.sandboxes.spi;

/**
 * Makes a {@link SandboxRuntime} available to discovery. Declared in
 * {@code META-INF/services/dev.sandboxes.spi.SandboxRuntimeProvider}; the constructor must do no
 * I/O, since every provider on the class path is instantiated during discovery.
 *
 * <p>Discovery takes the provider named by the {@code sandbox.runtime} system property or the
 * {@code SANDBOX_RUNTIME} environment variable if one is set; otherwise the discoverable providers in
 * order of descending {@link #priority()}, the first whose {@link #probe} says available.
 *
 * <pre>{@code
 * public final class MyRuntimeProvider implements SandboxRuntimeProvider {
 *     public String name() { return "my"; }
 *     public int priority() { return 10; }
 *     public ProbeResult probe(RuntimeConfig config) { return ProbeResult.available("always"); }
 *     public SandboxRuntime create(RuntimeConfig config) { return new MyRuntime(); }
 * }
 * }</pre>
 */
public interface SandboxRuntimeProvider {

    /** A short unique name, such as {@code "docker"}; what {@code SANDBOX_RUNTIME} selects. */
    String name();

    /** Higher wins when several providers are available. The Docker runtime uses 100. */
    int priority();

    /**
     * Whether automatic discovery may choose this provider. Runtimes that only make sense when asked
     * for explicitly (the testkit's in-memory runtime) return {@code false}.
     */
    default boolean discoverable() {
        return true;
    }

    /** A cheap check whether {@link #create} can succeed. Never throws. */
    ProbeResult probe(RuntimeConfig config);

    /**
     * Creates the runtime; may connect to its engine.
     *
     * @throws dev.sandboxes.errors.RuntimeUnavailableException when the engine does not answer
     */
    SandboxRuntime create(RuntimeConfig config);
}
