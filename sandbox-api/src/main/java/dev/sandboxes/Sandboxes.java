package dev.sandboxes;

import dev.sandboxes.core.SandboxInfo;
import dev.sandboxes.core.SandboxLabels;
import dev.sandboxes.core.SandboxListener;
import dev.sandboxes.core.SandboxSummary;
import dev.sandboxes.errors.RuntimeUnavailableException;
import dev.sandboxes.internal.LibraryVersion;
import dev.sandboxes.internal.RuntimeSelector;
import dev.sandboxes.spi.SandboxRuntime;
import dev.sandboxes.templates.TemplateSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The entry point. {@link #forWorkspace(Path)} opens the one sandbox of a folder; the other methods
 * work on existing sandboxes through the default runtime.
 *
 * <p>The default runtime is discovered once per JVM and kept: the provider named by the
 * {@code sandbox.runtime} system property or the {@code SANDBOX_RUNTIME} environment variable,
 * else the available provider of highest priority (the Docker runtime, when {@code sandbox-docker}
 * is on the class path). A warm {@code open()} therefore costs one lookup, nothing more.
 *
 * <pre>{@code
 * try (Sandbox sandbox = Sandboxes.forWorkspace(Path.of(".")).template("node:22").env("APP_ENV", "dev").open()) {
 *     ExecResult r = sandbox.exec("npm", "test");
 * }
 * Sandboxes.list().forEach(System.out::println);
 * }</pre>
 */
public final class Sandboxes {


    private Sandboxes() {
    }

    /** A builder for the sandbox of {@code workspace}; nothing happens until {@code open()}. */
    public static SandboxBuilder forWorkspace(Path workspace) {
        return new SandboxBuilder(Objects.requireNonNull(workspace, "workspace"));
    }

    /**
     * The default runtime, discovered on first use and kept for the life of the JVM.
     *
     * @throws RuntimeUnavailableException when no runtime is usable, listing what was tried
     */
    public static SandboxRuntime runtime() {
        return RuntimeSelector.defaultRuntime();
    }

    /** Sandboxes on the default runtime. */
    public static SandboxManager manager() {
        return new SandboxManager(runtime(), SandboxListener.NONE);
    }

    /** Sandboxes on the given runtime. */
    public static SandboxManager manager(SandboxRuntime runtime) {
        return new SandboxManager(runtime, SandboxListener.NONE);
    }

    /** The templates on the default runtime, built with the settings of the environment. */
    public static TemplateManager templates() {
        return new TemplateManager(runtime(), TemplateSettings.fromEnvironment());
    }

    /** Every sandbox on the default runtime. */
    public static List<SandboxSummary> list() {
        return manager().list();
    }

    /** The sandbox of a workspace folder on the default runtime, if it has one. */
    public static Optional<SandboxSummary> find(Path workspace) {
        return manager().find(workspace);
    }

    /** A handle on an existing sandbox, by full id, unique id prefix or name. */
    public static Sandbox attach(String idOrName) {
        return manager().attach(idOrName);
    }

    /** Everything about one sandbox, by full id, unique id prefix or name. */
    public static SandboxInfo inspect(String idOrName) {
        return manager().inspect(idOrName);
    }

    /** Stops a sandbox, by full id, unique id prefix or name. */
    public static void stop(String idOrName) {
        manager().stop(idOrName);
    }

    /** Removes a sandbox, by full id, unique id prefix or name. */
    public static void remove(String idOrName) {
        manager().remove(idOrName);
    }

    /** This library's version, as recorded in the {@link SandboxLabels#VERSION} label. */
    public static String version() {
        return LibraryVersion.VERSION;
    }
}
