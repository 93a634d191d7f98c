package dev.sandboxes.examples.orchestrator;

import dev.sandboxes.Sandbox;
import dev.sandboxes.SandboxBuilder;
import dev.sandboxes.exec.ExecRequest;
import dev.sandboxes.exec.ExecResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A small agent orchestrator: runs one shell task in the sandbox of each repository folder, in
 * parallel, and collects how each ended. Each folder keeps its own sandbox between runs, so what a
 * task installs is there the next time, as with Docker Sandboxes.
 *
 * <pre>{@code
 * Orchestrator orchestrator = new Orchestrator(folder -> Sandboxes.forWorkspace(folder).template("node:22"), 4);
 * List<TaskResult> results = orchestrator.runInEach(repositories, "npm ci && npm test", Duration.ofMinutes(10));
 * }</pre>
 */
public final class Orchestrator {

    private static final int OUTPUT_TAIL = 2000;

    private final Function<Path, SandboxBuilder> sandboxes;
    private final int parallelism;

    /**
     * @param sandboxes   how the sandbox of a folder is opened: its template, agent, limits
     * @param parallelism how many folders' tasks run at once
     */
    public Orchestrator(Function<Path, SandboxBuilder> sandboxes, int parallelism) {
        this.sandboxes = sandboxes;
        this.parallelism = parallelism;
    }

    /** Runs {@code task} (a shell script) in every folder's sandbox; results in the folders' order. */
    public List<TaskResult> runInEach(List<Path> folders, String task, Duration timeout) {
        ExecutorService pool = Executors.newFixedThreadPool(parallelism);
        try {
            List<CompletableFuture<TaskResult>> running = new ArrayList<>();
            for (Path folder : folders) {
                running.add(CompletableFuture.supplyAsync(() -> runIn(folder, task, timeout), pool));
            }
            return running.stream().map(CompletableFuture::join).toList();
        } finally {
            pool.shutdown();
        }
    }

    private TaskResult runIn(Path folder, String task, Duration timeout) {
        try (Sandbox sandbox = sandboxes.apply(folder).open()) {
            ExecResult result = sandbox.exec(ExecRequest.shell(task).withTimeout(timeout));
            String output = result.stdout();
            return new TaskResult(folder, result.exitCode(),
                    output.length() > OUTPUT_TAIL ? output.substring(output.length() - OUTPUT_TAIL) : output, result.timedOut());
        }
    }
}
