package dev.sandboxes.docker;

import dev.sandboxes.errors.RuntimeUnavailableException;
import dev.sandboxes.spi.ProbeResult;
import dev.sandboxes.spi.RuntimeConfig;
import dev.sandboxes.spi.SandboxRuntimeProvider;

/**
 * Provides the Docker runtime to discovery. Finds the engine as Docker's own CLI does
 * ({@code DOCKER_HOST}, the current Docker context, then the usual sockets) and connects on
 * {@link #create}.
 *
 * <pre>{@code
 * DockerSandboxRuntime docker = new DockerRuntimeProvider()
 *         .create(RuntimeConfig.fromHost().withEnv("DOCKER_HOST", "unix:///run/user/1000/docker.sock"));
 * }</pre>
 */
public final class DockerRuntimeProvider implements SandboxRuntimeProvider {

    public static final String NAME = "docker";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return 100;
    }

    /** Finds the endpoint without connecting to it: cheap, and never throws. */
    @Override
    public ProbeResult probe(RuntimeConfig config) {
        try {
            DockerEndpoint endpoint = new DockerEndpointResolver(config).resolve();
            return ProbeResult.available("Docker engine at " + endpoint.host() + " (" + endpoint.source() + ")");
        } catch (RuntimeUnavailableException e) {
            return ProbeResult.unavailable(e.getMessage());
        } catch (RuntimeException e) {
            return ProbeResult.unavailable("finding the Docker engine failed: " + e);
        }
    }

    /**
     * Connects to the engine and negotiates the API version.
     *
     * @throws RuntimeUnavailableException when no engine is found or it does not answer
     */
    @Override
    public DockerSandboxRuntime create(RuntimeConfig config) {
        return new DockerSandboxRuntime(EngineConnection.open(new DockerEndpointResolver(config).resolve()));
    }
}
