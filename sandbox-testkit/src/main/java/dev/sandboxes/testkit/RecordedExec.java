package dev.sandboxes.testkit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One command an {@link InMemoryRuntime} was asked to run, for assertions. Its standard input grows
 * as the command is fed, through the request or through its handle.
 *
 * <pre>{@code
 * assertEquals(List.of("npm", "test"), runtime.execs().get(0).argv());
 * }</pre>
 */
public final class RecordedExec {

    private final String sandboxId;
    private final List<String> argv;
    private final Map<String, String> env;
    private final String workingDirectory;
    private final Optional<String> user;
    private final ByteArrayOutputStream stdin = new ByteArrayOutputStream();

    RecordedExec(String sandboxId, List<String> argv, Map<String, String> env, String workingDirectory, Optional<String> user) {
        this.sandboxId = sandboxId;
        this.argv = List.copyOf(argv);
        this.env = Map.copyOf(env);
        this.workingDirectory = workingDirectory;
        this.user = user;
    }

    /** The sandbox it ran in. */
    public String sandboxId() {
        return sandboxId;
    }

    /** The program and its arguments. */
    public List<String> argv() {
        return argv;
    }

    /** The environment it added. */
    public Map<String, String> env() {
        return env;
    }

    /** Where it ran. */
    public String workingDirectory() {
        return workingDirectory;
    }

    /** The user it ran as; empty for the agent. */
    public Optional<String> user() {
        return user;
    }

    /** Everything it was given on standard input so far. */
    public byte[] stdin() {
        synchronized (stdin) {
            return stdin.toByteArray();
        }
    }

    public String stdinText() {
        return new String(stdin(), StandardCharsets.UTF_8);
    }

    void received(byte[] bytes, int offset, int length) {
        synchronized (stdin) {
            stdin.write(bytes, offset, length);
        }
    }

    @Override
    public String toString() {
        return "RecordedExec" + argv + " in " + workingDirectory + user.map(u -> " as " + u).orElse("");
    }
}
