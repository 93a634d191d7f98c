package dev.sandboxes.testkit;

import dev.sandboxes.exec.ExecRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * What commands do in an {@link InMemoryRuntime}: rules matched in the order they were added, the
 * first match wins. A command no rule matches exits 127 with a message naming it.
 *
 * <pre>{@code
 * runtime.script()
 *         .when("npm", "test").thenReturn(0, "12 passing\n", "")
 *         .whenMatches("git .*").thenReturn(0, "", "")
 *         .when("make").thenStream(Duration.ofMillis(50), "compiling", "linking").thenExit(2);
 * }</pre>
 */
public final class ExecScript {

    private final List<Rule> rules = new CopyOnWriteArrayList<>();

    /** A rule for exactly this argv. */
    public Outcome when(String... argv) {
        List<String> exact = List.of(argv);
        return add(request -> request.argv().equals(exact));
    }

    /** A rule for argv, joined by spaces, matching this regular expression whole. */
    public Outcome whenMatches(String regex) {
        Pattern pattern = Pattern.compile(regex);
        return add(request -> pattern.matcher(String.join(" ", request.argv())).matches());
    }

    /** A rule for requests the predicate accepts. */
    public Outcome when(Predicate<ExecRequest> predicate) {
        return add(Objects.requireNonNull(predicate, "predicate"));
    }

    /** The outcome of the first rule matching {@code request}, or the default for unscripted commands. */
    Outcome outcomeFor(ExecRequest request) {
        for (Rule rule : rules) {
            if (rule.matches().test(request)) {
                return rule.outcome();
            }
        }
        Outcome notFound = new Outcome(this);
        notFound.thenReturn(127, "", request.argv().get(0)
                + ": command not found (the in-memory runtime has no rule for: " + String.join(" ", request.argv()) + ")\n");
        return notFound;
    }

    private Outcome add(Predicate<ExecRequest> matches) {
        Outcome outcome = new Outcome(this);
        rules.add(new Rule(matches, outcome));
        return outcome;
    }

    private record Rule(Predicate<ExecRequest> matches, Outcome outcome) {
    }

    /** What a matched command does: output, delay, exit code. */
    public static final class Outcome {
        private final ExecScript script;
        private volatile int exitCode;
        private volatile byte[] stdout = new byte[0];
        private volatile byte[] stderr = new byte[0];
        private volatile List<String> streamedLines = List.of();
        private volatile Duration lineInterval = Duration.ZERO;
        private volatile Duration delay = Duration.ZERO;
        private volatile boolean echoStdin;

        Outcome(ExecScript script) {
            this.script = script;
        }

        /** Exits with this code, printing these, at once; returns the script for more rules. */
        public ExecScript thenReturn(int exitCode, String stdout, String stderr) {
            this.exitCode = exitCode;
            this.stdout = stdout.getBytes(StandardCharsets.UTF_8);
            this.stderr = stderr.getBytes(StandardCharsets.UTF_8);
            return script;
        }

        /** Prints these lines on stdout, one every {@code interval}, then exits as {@link #thenExit} says. */
        public Outcome thenStream(Duration interval, String... lines) {
            this.lineInterval = interval;
            this.streamedLines = List.of(lines);
            return this;
        }

        /** Runs this long before it ends (a timeout shorter than this kills it). */
        public Outcome taking(Duration duration) {
            this.delay = duration;
            return this;
        }

        /** Prints back what it reads on stdin, as {@code cat} does. */
        public Outcome echoingStdin() {
            this.echoStdin = true;
            return this;
        }

        /** Exits with this code; returns the script for more rules. */
        public ExecScript thenExit(int code) {
            this.exitCode = code;
            return script;
        }

        int exitCode() {
            return exitCode;
        }

        byte[] stdout() {
            return stdout.clone();
        }

        byte[] stderr() {
            return stderr.clone();
        }

        List<String> streamedLines() {
            return new ArrayList<>(streamedLines);
        }

        Duration lineInterval() {
            return lineInterval;
        }

        Duration delay() {
            return delay;
        }

        boolean echoStdin() {
            return echoStdin;
        }
    }
}
