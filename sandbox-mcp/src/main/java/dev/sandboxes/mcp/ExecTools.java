package dev.sandboxes.mcp;

import dev.sandboxes.Sandbox;
import dev.sandboxes.exec.DetachedExec;
import dev.sandboxes.exec.ExecHandle;
import dev.sandboxes.exec.ExecListener;
import dev.sandboxes.exec.ExecRequest;
import dev.sandboxes.exec.ExecResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** {@code sandbox_exec}, {@code sandbox_exec_background}, {@code sandbox_exec_output}, {@code sandbox_exec_kill}. */
final class ExecTools {

    static final int DEFAULT_OUTPUT_LIMIT = 64 * 1024;
    static final int MAX_OUTPUT_LIMIT = 1024 * 1024;
    static final long DEFAULT_TIMEOUT_SECONDS = 600;
    static final long MAX_TIMEOUT_SECONDS = 24 * 3600;
    /** How often a running command's output goes to a client that asked for progress. */
    static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(1);
    /** How long a running command goes without a progress notification when it prints nothing. */
    static final Duration QUIET_PROGRESS = Duration.ofSeconds(10);

    private final SandboxAccess access;
    /** The logs of the background commands this server started, by sandbox id and command id. */
    private final Map<String, String> logs = new ConcurrentHashMap<>();

    ExecTools(SandboxAccess access) {
        this.access = access;
    }

    List<ToolSpec> tools() {
        return List.of(exec(), background(), output(), kill());
    }

    private static Schema commandInput() {
        return Schema.object()
                .required("sandbox", LifecycleTools.SANDBOX_ARGUMENT)
                .optional("command", Schema.strings("The program and its arguments, run as they are (no shell). Give "
                        + "this or 'shell'."))
                .optional("shell", Schema.string("A shell line for sh -c, with pipes, redirections and &&. Give this or "
                        + "'command'."))
                .optional("cwd", Schema.string("Working directory in the sandbox (the workspace by default); relative "
                        + "paths start at the workspace."))
                .optional("env", Schema.stringMap("Environment variables added for this command only."))
                .optional("user", Schema.enumeration("agent (the default) or root (only if the server allows root).",
                        "agent", "root"));
    }

    private ToolSpec exec() {
        Schema input = commandInput()
                .optional("timeout_seconds", Schema.integer("Kill the command (with every process it started) after "
                        + "this long; 600 by default.", 1, MAX_TIMEOUT_SECONDS))
                .optional("max_output_bytes", Schema.integer("Keep at most this much of each of stdout and stderr; "
                        + DEFAULT_OUTPUT_LIMIT + " by default.", 1, MAX_OUTPUT_LIMIT));
        Schema output = Schema.object()
                .required("exit_code", Schema.integer("The command's exit code (non-zero: it failed)."))
                .required("stdout", Schema.string("Its standard output, up to the limit."))
                .required("stderr", Schema.string("Its standard error, up to the limit."))
                .required("truncated", Schema.bool("Whether output beyond output_limit_bytes was dropped."))
                .required("output_limit_bytes", Schema.integer("The limit that applied to each stream."))
                .required("timed_out", Schema.bool("Whether it was killed at its timeout."))
                .required("duration_ms", Schema.integer("How long it ran."));
        return new ToolSpec("sandbox_exec", "Run a command",
                "Runs a command in a sandbox and returns its exit code and output when it ends. For servers and other "
                        + "commands that do not end, use sandbox_exec_background. With a progressToken, the output so far "
                        + "comes as progress notifications; cancelling the request kills the command and its processes.",
                input.input(), output.output(), ToolSpec.runs("Run a command"), this::runToEnd);
    }

    private Map<String, Object> runToEnd(ToolCall call) {
        Args args = call.args();
        Sandbox sandbox = access.sandbox(args);
        int limit = args.integer("max_output_bytes", 1, MAX_OUTPUT_LIMIT).orElse((long) DEFAULT_OUTPUT_LIMIT).intValue();
        long timeout = args.integer("timeout_seconds", 1, MAX_TIMEOUT_SECONDS).orElse(DEFAULT_TIMEOUT_SECONDS);
        OutputTail tail = new OutputTail(2048);
        ExecRequest request = request(sandbox, args)
                .withTimeout(Duration.ofSeconds(timeout))
                .withOutputLimit(limit)
                .withListener(tail);
        ExecHandle handle = sandbox.start(request);
        try (RunningCalls.Registration registration = call.onCancel(handle::kill)) {
            ExecResult result = awaitWithProgress(handle, call, tail);
            if (registration.cancelled()) {
                throw new ToolException("The command was cancelled: it and every process it started were killed.");
            }
            Map<String, Object> structured = new LinkedHashMap<>();
            structured.put("exit_code", result.exitCode());
            structured.put("stdout", result.stdout());
            structured.put("stderr", result.stderr());
            structured.put("truncated", result.truncated());
            structured.put("output_limit_bytes", limit);
            structured.put("timed_out", result.timedOut());
            structured.put("duration_ms", result.duration().toMillis());
            return structured;
        }
    }

    private static ExecResult awaitWithProgress(ExecHandle handle, ToolCall call, OutputTail tail) {
        long sent = 0;
        long quietSince = System.nanoTime();
        while (true) {
            Optional<ExecResult> done = handle.waitFor(PROGRESS_INTERVAL);
            if (done.isPresent()) {
                return done.get();
            }
            boolean newOutput = tail.written() != sent;
            // A quiet command still gets a notification now and then: it is how a dropped client shows.
            boolean quietTooLong = System.nanoTime() - quietSince >= QUIET_PROGRESS.toNanos();
            if (call.wantsProgress() && (newOutput || quietTooLong)) {
                sent = tail.written();
                quietSince = System.nanoTime();
                if (!call.progress(tail.text())) {
                    // Nobody will read the result: the command is stopped as a cancelled one is.
                    handle.kill();
                    return handle.await();
                }
            }
        }
    }

    private ToolSpec background() {
        Schema output = Schema.object()
                .required("id", Schema.string("The command's id, for sandbox_exec_output and sandbox_exec_kill."))
                .required("command", Schema.string("Its command line."))
                .required("log", Schema.string("The file in the sandbox that receives its output."));
        return new ToolSpec("sandbox_exec_background", "Start a background command",
                "Starts a command that keeps running after this call returns (a dev server, a watcher), its output going "
                        + "to a log. Read the output with sandbox_exec_output; stop it with sandbox_exec_kill.",
                commandInput().input(), output.output(), ToolSpec.runs("Start a background command"), call -> {
                    Args args = call.args();
                    Sandbox sandbox = access.sandbox(args);
                    DetachedExec detached = sandbox.startDetached(request(sandbox, args));
                    logs.put(sandbox.id() + "/" + detached.id(), detached.log());
                    return Map.of("id", detached.id(), "command", detached.command(), "log", detached.log());
                });
    }

    private ToolSpec output() {
        Schema input = Schema.object()
                .required("sandbox", LifecycleTools.SANDBOX_ARGUMENT)
                .required("id", Schema.string("The id sandbox_exec_background gave."))
                .optional("offset", Schema.integer("Where to start reading the log, in bytes (0 by default; pass the "
                        + "last next_offset to read only what is new).", 0, Long.MAX_VALUE))
                .optional("max_bytes", Schema.integer("Read at most this much; " + DEFAULT_OUTPUT_LIMIT + " by default.",
                        1, MAX_OUTPUT_LIMIT));
        Schema output = Schema.object()
                .required("id", Schema.string("The command's id."))
                .required("running", Schema.bool("Whether it is still running."))
                .required("output", Schema.string("Its output from offset (UTF-8; invalid bytes replaced)."))
                .required("next_offset", Schema.integer("The offset to read from next time."))
                .required("more", Schema.bool("Whether more output was already there beyond max_bytes."));
        return new ToolSpec("sandbox_exec_output", "Read a background command's output",
                "Reads what a background command printed, from an offset, and says whether it still runs.",
                input.input(), output.output(), ToolSpec.readOnly("Read a background command's output"), call -> {
                    Args args = call.args();
                    Sandbox sandbox = access.sandbox(args);
                    String id = args.requiredString("id");
                    long offset = args.integer("offset", 0, Long.MAX_VALUE).orElse(0L);
                    int max = args.integer("max_bytes", 1, MAX_OUTPUT_LIMIT).orElse((long) DEFAULT_OUTPUT_LIMIT).intValue();
                    List<DetachedExec> running = sandbox.detachedExecs();
                    String log = running.stream().filter(exec -> exec.id().equals(id)).map(DetachedExec::log).findFirst()
                            .or(() -> Optional.ofNullable(logs.get(sandbox.id() + "/" + id)))
                            .orElseThrow(() -> new ToolException("There is no background command '" + id + "' in this "
                                    + "sandbox: use the id that sandbox_exec_background gave."));
                    byte[] bytes = sandbox.readFile(log, offset, max + 1);
                    boolean more = bytes.length > max;
                    int length = Math.min(bytes.length, max);
                    Map<String, Object> result = new LinkedHashMap<>();
                    result.put("id", id);
                    result.put("running", running.stream().anyMatch(exec -> exec.id().equals(id)));
                    result.put("output", new String(bytes, 0, length, StandardCharsets.UTF_8));
                    result.put("next_offset", offset + length);
                    result.put("more", more);
                    return result;
                });
    }

    private ToolSpec kill() {
        Schema input = Schema.object()
                .required("sandbox", LifecycleTools.SANDBOX_ARGUMENT)
                .required("id", Schema.string("The id sandbox_exec_background gave."));
        Schema output = Schema.object().required("killed", Schema.string("The id of the command killed (or already ended)."));
        return new ToolSpec("sandbox_exec_kill", "Kill a background command",
                "Kills a background command and every process it started. A command that already ended is no error.",
                input.input(), output.output(), ToolSpec.destroys("Kill a background command", true), call -> {
                    Sandbox sandbox = access.sandbox(call.args());
                    String id = call.args().requiredString("id");
                    boolean known = logs.containsKey(sandbox.id() + "/" + id)
                            || sandbox.detachedExecs().stream().anyMatch(exec -> exec.id().equals(id));
                    if (!known) {
                        throw new ToolException("There is no background command '" + id + "' in this sandbox: use the id "
                                + "that sandbox_exec_background gave.");
                    }
                    sandbox.killDetached(id);
                    return Map.of("killed", id);
                });
    }

    private ExecRequest request(Sandbox sandbox, Args args) {
        Optional<List<String>> command = args.stringList("command");
        Optional<String> shell = args.string("shell");
        if (command.isPresent() == shell.isPresent()) {
            throw new ToolException("Give exactly one of 'command' (an array: program and arguments) or 'shell' (a line "
                    + "for sh -c).");
        }
        if (command.isPresent() && command.get().isEmpty()) {
            throw new ToolException("'command' is empty: give the program and its arguments, such as [\"npm\", \"test\"].");
        }
        ExecRequest request = command.map(ExecRequest::of).orElseGet(() -> ExecRequest.shell(shell.get()));
        request = request.inDirectory(SandboxPaths.resolve(sandbox, args.string("cwd").orElse(".")));
        for (Map.Entry<String, String> variable : args.stringMap("env").entrySet()) {
            request = request.withEnv(variable.getKey(), variable.getValue());
        }
        String user = args.string("user").orElse("agent");
        switch (user) {
            case "agent" -> { }
            case "root" -> {
                if (!access.policy().rootAllowed()) {
                    throw new ToolException("Root is not allowed by this server: commands run as the agent user. Leave "
                            + "'user' out.");
                }
                request = request.asRoot();
            }
            default -> throw new ToolException("The user must be 'agent' or 'root'; it was '" + user + "'.");
        }
        return request;
    }

    /** The last bytes a command printed (both streams), for progress notifications. */
    static final class OutputTail implements ExecListener {
        private final byte[] ring;
        private long written;

        OutputTail(int size) {
            this.ring = new byte[size];
        }

        @Override
        public void onStdout(byte[] chunk) {
            append(chunk);
        }

        @Override
        public void onStderr(byte[] chunk) {
            append(chunk);
        }

        synchronized void append(byte[] chunk) {
            for (byte b : chunk) {
                ring[(int) (written++ % ring.length)] = b;
            }
        }

        synchronized long written() {
            return written;
        }

        /** The tail, as text (a character cut at its start is replaced). */
        synchronized String text() {
            int length = (int) Math.min(written, ring.length);
            byte[] tail = new byte[length];
            for (int i = 0; i < length; i++) {
                tail[i] = ring[(int) ((written - length + i) % ring.length)];
            }
            return new String(tail, StandardCharsets.UTF_8);
        }
    }
}
