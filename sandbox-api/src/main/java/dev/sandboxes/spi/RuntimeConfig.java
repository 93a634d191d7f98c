package dev.sandboxes.spi;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a runtime provider may read of the host: environment variables and the user's home folder.
 * Providers read these instead of {@link System#getenv()}, so that a caller (or a test) can point a
 * runtime at another engine without changing the process's environment.
 *
 * <pre>{@code
 * RuntimeConfig config = RuntimeConfig.fromHost().withEnv("DOCKER_HOST", "tcp://127.0.0.1:2375");
 * SandboxRuntime runtime = new DockerRuntimeProvider().create(config);
 * }</pre>
 *
 * @param environment the environment variables
 * @param userHome    the user's home folder
 */
public record RuntimeConfig(Map<String, String> environment, Path userHome) {

    public RuntimeConfig {
        environment = Map.copyOf(environment);
        Objects.requireNonNull(userHome, "userHome");
    }

    /** The environment and home folder of this process. */
    public static RuntimeConfig fromHost() {
        return new RuntimeConfig(System.getenv(), Path.of(System.getProperty("user.home")));
    }

    /** The value of an environment variable, when set and not blank. */
    public Optional<String> env(String name) {
        return Optional.ofNullable(environment.get(name)).filter(value -> !value.isBlank());
    }

    /** A copy with one variable set. */
    public RuntimeConfig withEnv(String name, String value) {
        Map<String, String> copy = new HashMap<>(environment);
        copy.put(name, value);
        return new RuntimeConfig(copy, userHome);
    }

    /** A copy with one variable removed. */
    public RuntimeConfig withoutEnv(String name) {
        Map<String, String> copy = new HashMap<>(environment);
        copy.remove(name);
        return new RuntimeConfig(copy, userHome);
    }

    /** A copy with another home folder. */
    public RuntimeConfig withUserHome(Path home) {
        return new RuntimeConfig(environment, home);
    }
}
