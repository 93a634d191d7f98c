package dev.sandboxes.exec;

import dev.sandboxes.errors.InvalidSandboxConfigException;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One command to run in a sandbox; immutable, each {@code with…} method returns a changed copy. No
 * shell is added: use {@link #shell(String)} for one. Commands run as the agent user in the
 * workspace folder unless asked otherwise.
 *
 * <pre>{@code
 * sandbox.exec(ExecRequest.of("apt-get", "install", "-y", "jq").asRoot());
 * sandbox.exec(ExecRequest.shell("make test | tee log").withTimeout(Duration.ofMinutes(5)));
 * sandbox.exec(ExecRequest.of("sha256sum").withStdin(bytes));
 * sandbox.exec(ExecRequest.of("npm", "test").withListener(ExecListener.lines(System.out::println, System.err::println)));
 * }</pre>
 */
public final class ExecRequest {

    /** How much of each stream an {@link ExecResult} keeps by default; listeners see everything. */
    public static final int DEFAULT_OUTPUT_LIMIT = 16 * 1024 * 1024;

    private final List<String> argv;
    private final Optional<String> user;
    private final Optional<String> workingDirectory;
    private final Map<String, String> env;
    private final Optional<Duration> timeout;
    private final Optional<byte[]> stdin;
    private final int outputLimit;
    private final ExecListener listener;
    private final boolean tty;
    private final boolean stdinOpen;

    private ExecRequest(List<String> argv, Optional<String> user, Optional<String> workingDirectory,
                        Map<String, String> env, Optional<Duration> timeout, Optional<byte[]> stdin, int outputLimit,
                        ExecListener listener, boolean tty) {
        this(argv, user, workingDirectory, env, timeout, stdin, outputLimit, listener, tty, false);
    }

    private ExecRequest(List<String> argv, Optional<String> user, Optional<String> workingDirectory,
                        Map<String, String> env, Optional<Duration> timeout, Optional<byte[]> stdin, int outputLimit,
                        ExecListener listener, boolean tty, boolean stdinOpen) {
        this.argv = argv;
        this.user = user;
        this.workingDirectory = workingDirectory;
        this.env = env;
        this.timeout = timeout;
        this.stdin = stdin;
        this.outputLimit = outputLimit;
        this.listener = listener;
        this.tty = tty;
        this.stdinOpen = stdinOpen;
    }

    /** The command, as the agent user in the workspace. */
    public static ExecRequest of(String... argv) {
        Objects.requireNonNull(argv, "argv");
        return of(Arrays.asList(argv));
    }

    /** The command, as the agent user in the workspace. */
    public static ExecRequest of(List<String> argv) {
        Objects.requireNonNull(argv, "argv");
        if (argv.isEmpty()) {
            throw new InvalidSandboxConfigException("exec() needs a command: give the program and its arguments,"
                    + " such as exec(\"ls\", \"-la\").");
        }
        for (int i = 0; i < argv.size(); i++) {
            Objects.requireNonNull(argv.get(i), "argv[" + i + "]");
        }
        return new ExecRequest(List.copyOf(argv), Optional.empty(), Optional.empty(), Map.of(), Optional.empty(),
                Optional.empty(), DEFAULT_OUTPUT_LIMIT, ExecListener.NONE, false);
    }

    /** A script for {@code sh -c}: the one place a shell is added, on purpose. */
    public static ExecRequest shell(String script) {
        return of("sh", "-c", Objects.requireNonNull(script, "script"));
    }

    /** The same command as another user of the sandbox, by name. */
    public ExecRequest asUser(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new InvalidSandboxConfigException("The user name is blank: give a user of the sandbox, such as \"root\".");
        }
        return new ExecRequest(argv, Optional.of(name), workingDirectory, env, timeout, stdin, outputLimit, listener, tty, stdinOpen);
    }

    /** The same command as root: for installing packages and the like, when asked for explicitly. */
    public ExecRequest asRoot() {
        return asUser("root");
    }

    /** The same command in another folder of the sandbox. */
    public ExecRequest inDirectory(String folder) {
        Objects.requireNonNull(folder, "folder");
        if (!folder.startsWith("/")) {
            throw new InvalidSandboxConfigException("The working directory '" + folder + "' is not absolute: give a path such as /tmp.");
        }
        return new ExecRequest(argv, user, Optional.of(folder), env, timeout, stdin, outputLimit, listener, tty, stdinOpen);
    }

    /** The same command with one more environment variable, on top of the sandbox's. */
    public ExecRequest withEnv(String name, String value) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        EnvNames.check(name, value);
        Map<String, String> more = new LinkedHashMap<>(env);
        more.put(name, value);
        return new ExecRequest(argv, user, workingDirectory, Map.copyOf(more), timeout, stdin, outputLimit, listener, tty, stdinOpen);
    }

    /**
     * The same command, killed (with its children) when it runs longer than {@code limit}; the
     * result then says it timed out.
     */
    public ExecRequest withTimeout(Duration limit) {
        Objects.requireNonNull(limit, "limit");
        if (limit.isNegative() || limit.isZero()) {
            throw new InvalidSandboxConfigException("The exec timeout must be positive, not " + limit + ".");
        }
        return new ExecRequest(argv, user, workingDirectory, env, Optional.of(limit), stdin, outputLimit, listener, tty, stdinOpen);
    }

    /** The same command, given these bytes on its standard input, then end-of-file. */
    public ExecRequest withStdin(byte[] input) {
        Objects.requireNonNull(input, "input");
        return new ExecRequest(argv, user, workingDirectory, env, timeout, Optional.of(input.clone()), outputLimit, listener, tty, false);
    }

    /** The same command, given this text (UTF-8) on its standard input, then end-of-file. */
    public ExecRequest withStdin(String input) {
        return withStdin(Objects.requireNonNull(input, "input").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** The same command, keeping at most {@code bytes} of each stream in the result. */
    public ExecRequest withOutputLimit(int bytes) {
        if (bytes < 0) {
            throw new InvalidSandboxConfigException("The output limit must not be negative, not " + bytes + ".");
        }
        return new ExecRequest(argv, user, workingDirectory, env, timeout, stdin, bytes, listener, tty, stdinOpen);
    }

    /** The same command, its output also given to {@code listener} as it comes. */
    public ExecRequest withListener(ExecListener listener) {
        Objects.requireNonNull(listener, "listener");
        return new ExecRequest(argv, user, workingDirectory, env, timeout, stdin, outputLimit, listener, tty, stdinOpen);
    }

    /** The same command on a terminal: one stream, as an interactive program expects. */
    public ExecRequest withTty(boolean terminal) {
        return new ExecRequest(argv, user, workingDirectory, env, timeout, stdin, outputLimit, listener, terminal, stdinOpen);
    }

    /**
     * The same command with its standard input left open for {@link ExecHandle#stdin()}: write to it
     * while the command runs, and close it to send end-of-file.
     */
    public ExecRequest withStdinOpen() {
        return new ExecRequest(argv, user, workingDirectory, env, timeout, Optional.empty(), outputLimit, listener, tty, true);
    }

    /** Whether standard input stays open for {@link ExecHandle#stdin()}. */
    public boolean stdinOpen() {
        return stdinOpen;
    }

    public List<String> argv() {
        return argv;
    }

    /** The user to run as; empty for the agent user. */
    public Optional<String> user() {
        return user;
    }

    /** The folder to run in; empty for the workspace. */
    public Optional<String> workingDirectory() {
        return workingDirectory;
    }

    /** Variables added to the sandbox's environment for this command. */
    public Map<String, String> env() {
        return env;
    }

    public Optional<Duration> timeout() {
        return timeout;
    }

    /** The bytes for standard input, a copy; empty when the command gets none (and no end-of-file is needed). */
    public Optional<byte[]> stdin() {
        return stdin.map(byte[]::clone);
    }

    public int outputLimit() {
        return outputLimit;
    }

    public ExecListener listener() {
        return listener;
    }

    public boolean tty() {
        return tty;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ExecRequest that && argv.equals(that.argv) && user.equals(that.user)
                && workingDirectory.equals(that.workingDirectory) && env.equals(that.env) && timeout.equals(that.timeout)
                && stdin.isPresent() == that.stdin.isPresent()
                && (stdin.isEmpty() || Arrays.equals(stdin.get(), that.stdin.get()))
                && outputLimit == that.outputLimit && listener.equals(that.listener) && tty == that.tty
                && stdinOpen == that.stdinOpen;
    }

    @Override
    public int hashCode() {
        return Objects.hash(argv, user, workingDirectory, env, timeout, outputLimit, tty);
    }

    @Override
    public String toString() {
        return "ExecRequest" + argv + user.map(u -> " as " + u).orElse("") + workingDirectory.map(d -> " in " + d).orElse("")
                + timeout.map(t -> " within " + t).orElse("") + (tty ? " on a tty" : "");
    }
}
