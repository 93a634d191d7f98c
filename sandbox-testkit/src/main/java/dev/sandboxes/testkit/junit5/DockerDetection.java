package dev.sandboxes.testkit.junit5;

import dev.sandboxes.errors.RuntimeUnavailableException;
import dev.sandboxes.errors.SandboxException;
import dev.sandboxes.internal.RuntimeSelector;
import dev.sandboxes.spi.ProbeResult;
import dev.sandboxes.spi.RuntimeConfig;
import dev.sandboxes.spi.SandboxRuntimeProvider;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Optional;

/**
 * Whether a Docker engine is there. Testcontainers decides when it is on the class path, so that a
 * test honours what its users already configured (DOCKER_HOST, ~/.testcontainers.properties, Docker
 * Desktop's sockets); otherwise the Docker runtime's own detection does.
 *
 * <p>Testcontainers is found at run time, as SLF4J finds a binding, and reached by reflection only:
 * the testkit neither brings it (17 MB) nor links against it, so its absence can never break a class
 * here, and no module descriptor would have to require it (Testcontainers 2.0 has no module name).
 */
final class DockerDetection {

    static final String TESTCONTAINERS_FACTORY = "org.testcontainers.DockerClientFactory";

    /** The Docker runtime's own answer, found once per JVM as Testcontainers caches its own. */
    private static volatile Optional<String> ownReason;

    private DockerDetection() {
    }

    /** Whether Testcontainers is on the class path, and so decides. */
    static boolean testcontainersPresent() {
        return testcontainers().isPresent();
    }

    /** The engine Testcontainers talks to, as a DOCKER_HOST value; empty without Testcontainers or when it cannot tell. */
    static Optional<String> dockerHost() {
        Optional<Class<?>> factory = testcontainers();
        if (factory.isEmpty()) {
            return Optional.empty();
        }
        try {
            Method transportConfig = factory.get().getMethod("getTransportConfig");
            Object transport = transportConfig.invoke(instance(factory.get()));
            Object host = transportConfig.getReturnType().getMethod("getDockerHost").invoke(transport);
            return Optional.ofNullable(host).map(Object::toString);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return Optional.empty();
        }
    }

    /** Why Docker is unavailable; empty when it is available. */
    static Optional<String> unavailableReason() {
        Optional<Class<?>> factory = testcontainers();
        if (factory.isEmpty()) {
            return ownDetection();
        }
        try {
            Object available = factory.get().getMethod("isDockerAvailable").invoke(instance(factory.get()));
            return Boolean.TRUE.equals(available) ? Optional.empty() : Optional.of("Testcontainers found no Docker environment");
        } catch (InvocationTargetException e) {
            return Optional.of("Testcontainers could not check for Docker: " + e.getCause());
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return Optional.of("Testcontainers could not check for Docker: " + e);
        }
    }

    private static Object instance(Class<?> factory) throws ReflectiveOperationException {
        return factory.getMethod("instance").invoke(null);
    }

    private static Optional<Class<?>> testcontainers() {
        try {
            return Optional.of(Class.forName(TESTCONTAINERS_FACTORY, false, DockerDetection.class.getClassLoader()));
        } catch (ClassNotFoundException | LinkageError e) {
            return Optional.empty();
        }
    }

    /** The Docker runtime's probe, and a connection to the engine it found (a probe does not connect). */
    private static Optional<String> ownDetection() {
        Optional<String> reason = ownReason;
        if (reason == null) {
            reason = dockerRuntimeReason();
            ownReason = reason;
        }
        return reason;
    }

    private static Optional<String> dockerRuntimeReason() {
        Optional<SandboxRuntimeProvider> found;
        try {
            found = RuntimeSelector.fromClassPath().provider("docker");
        } catch (RuntimeUnavailableException brokenProvider) {
            return Optional.of(brokenProvider.getMessage());
        }
        if (found.isEmpty()) {
            return Optional.of("the Docker runtime is not on the class path (add dev.sandboxes:sandbox-docker)");
        }
        SandboxRuntimeProvider docker = found.get();
        RuntimeConfig config = RuntimeConfig.fromHost();
        try {
            ProbeResult probe = docker.probe(config);
            if (!probe.available()) {
                return Optional.of(probe.reason());
            }
            docker.create(config).close();
            return Optional.empty();
        } catch (SandboxException e) {
            return Optional.of(e.getMessage());
        } catch (RuntimeException e) {
            return Optional.of("finding the Docker engine failed: " + e);
        }
    }
}
