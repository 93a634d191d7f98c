package dev.sandboxes.examples.orchestrator;

import java.nio.file.Path;

/**
 * How one folder's task ended.
 *
 * <pre>{@code
 * results.stream().filter(r -> !r.succeeded()).forEach(r -> System.err.println(r.folder() + ": " + r.output()));
 * }</pre>
 *
 * @param folder   the repository folder the task ran in
 * @param exitCode the task's exit code (137 when it ran past its timeout)
 * @param output   the end of its stdout
 * @param timedOut whether it ran past its timeout
 */
public record TaskResult(Path folder, int exitCode, String output, boolean timedOut) {

    public boolean succeeded() {
        return exitCode == 0 && !timedOut;
    }
}
