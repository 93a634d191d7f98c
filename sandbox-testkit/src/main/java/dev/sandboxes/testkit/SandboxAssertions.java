package dev.sandboxes.testkit;

import dev.sandboxes.Sandbox;
import dev.sandboxes.exec.ExecRequest;
import dev.sandboxes.exec.ExecResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Assertions on commands and sandboxes that read well and fail with what happened: the command,
 * its exit code and the end of both streams.
 *
 * <pre>{@code
 * assertThat(sandbox.exec("npm", "test")).succeeded().stdoutContains("passing");
 * assertRuns(sandbox, "make", "build");
 * assertWorkspaceFile(sandbox, "dist/app.js");
 * }</pre>
 */
public final class SandboxAssertions {

    private static final int TAIL = 800;

    private SandboxAssertions() {
    }

    /** Assertions on one result. */
    public static ResultAssert assertThat(ExecResult result) {
        return new ResultAssert(Objects.requireNonNull(result, "result"), "the command");
    }

    /** Runs a command and asserts it succeeded; returns its result. */
    public static ExecResult assertRuns(Sandbox sandbox, String... argv) {
        ExecResult result = sandbox.exec(ExecRequest.of(argv));
        new ResultAssert(result, String.join(" ", argv)).succeeded();
        return result;
    }

    /** Asserts that the workspace holds this file or folder (a path relative to it), as the host sees it. */
    public static void assertWorkspaceFile(Sandbox sandbox, String relativePath) {
        Path path = sandbox.workspace().resolve(relativePath);
        if (!Files.exists(path)) {
            throw new AssertionError("Expected " + relativePath + " in the workspace " + sandbox.workspace()
                    + " of sandbox " + sandbox.name() + ", but there is no " + path + ".");
        }
    }

    /** Fluent assertions on a result. */
    public static final class ResultAssert {
        private final ExecResult result;
        private final String command;

        private ResultAssert(ExecResult result, String command) {
            this.result = result;
            this.command = command;
        }

        /** Names the command in failure messages. */
        public ResultAssert as(String description) {
            return new ResultAssert(result, description);
        }

        public ResultAssert succeeded() {
            if (!result.succeeded()) {
                fail("to succeed");
            }
            return this;
        }

        public ResultAssert exitedWith(int code) {
            if (result.exitCode() != code) {
                fail("to exit with " + code);
            }
            return this;
        }

        public ResultAssert stdoutContains(String text) {
            if (!result.stdout().contains(text)) {
                fail("to print \"" + text + "\" on stdout");
            }
            return this;
        }

        public ResultAssert stderrContains(String text) {
            if (!result.stderr().contains(text)) {
                fail("to print \"" + text + "\" on stderr");
            }
            return this;
        }

        private void fail(String expectation) {
            throw new AssertionError("Expected " + command + " " + expectation + ", but it exited with "
                    + result.exitCode() + (result.timedOut() ? " after its timeout" : "") + ".\n--- stdout (end) ---\n"
                    + tail(result.stdout()) + "\n--- stderr (end) ---\n" + tail(result.stderr()));
        }

        private static String tail(String text) {
            return text.length() > TAIL ? "…" + text.substring(text.length() - TAIL) : text;
        }
    }
}
