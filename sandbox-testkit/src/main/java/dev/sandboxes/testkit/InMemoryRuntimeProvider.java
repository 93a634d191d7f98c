package dev.sandboxes.testkit;

import dev.sandboxes.spi.ProbeResult;
import dev.sandboxes.spi.RuntimeConfig;
import dev.sandboxes.spi.SandboxRuntime;
import dev.sandboxes.spi.SandboxRuntimeProvider;

/**
 * Makes the in-memory runtime selectable by name ({@code SANDBOX_RUNTIME=in-memory}), never by
 * discovery: a test that means to run without an engine asks for it.
 *
 * <pre>{@code
 * java -Dsandbox.runtime=in-memory ...
 * }</pre>
 */
public final class InMemoryRuntimeProvider implements SandboxRuntimeProvider {

    @Override
    public String name() {
        return InMemoryRuntime.NAME;
    }

    @Override
    public int priority() {
        return 0;
    }

    @Override
    public boolean discoverable() {
        return false;
    }

    @Override
    public ProbeResult probe(RuntimeConfig config) {
        return ProbeResult.available("in memory");
    }

    @Override
    public SandboxRuntime create(RuntimeConfig config) {
        return new InMemoryRuntime();
    }
}
