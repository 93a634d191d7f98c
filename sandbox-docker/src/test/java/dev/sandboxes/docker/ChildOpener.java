package dev.sandboxes.docker;

import dev.sandboxes.Sandbox;
import dev.sandboxes.Sandboxes;
import dev.sandboxes.core.SandboxEvent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The programs {@link ChildJvm} runs for the tests, as a user's process would open sandboxes.
 *
 * <ul>
 *   <li>{@code threads WORKSPACE N AT_EPOCH_MILLIS}: N threads open the workspace at that instant
 *       (so that several JVMs start together), each runs {@code echo}, and prints
 *       {@code OPENED <id> <output>}.</li>
 *   <li>{@code create WORKSPACE HANG_AT}: opens the workspace, printing {@code EVENT <type>} for
 *       each event, and stops for good inside the listener at the event named (for a kill there).</li>
 *   <li>{@code audit WORKSPACE}: opens the workspace, runs a few commands (one with a secret on its
 *       command line), and exits, for its audit log to be read by another process.</li>
 *   <li>{@code audit-hang WORKSPACE}: starts a long command, prints {@code STARTED}, and waits to be killed.</li>
 * </ul>
 */
final class ChildOpener {

    public static void main(String[] args) throws Exception {
        Path workspace = Path.of(args[1]);
        switch (args[0]) {
            case "threads" -> openFromThreads(workspace, Integer.parseInt(args[2]), Long.parseLong(args[3]));
            case "create" -> createAndHang(workspace, SandboxEvent.Type.valueOf(args[2]));
            case "audit" -> runAndExit(workspace);
            case "audit-hang" -> startAndHang(workspace);
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    private static void openFromThreads(Path workspace, int threads, long atEpochMillis) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<String>> results = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            String word = ProcessHandle.current().pid() + "-" + i;
            results.add(pool.submit(() -> {
                Thread.sleep(Math.max(0, atEpochMillis - System.currentTimeMillis()));
                try (Sandbox sandbox = Sandboxes.forWorkspace(workspace).template(DockerTestSupport.TEMPLATE).open()) {
                    return "OPENED " + sandbox.id() + " " + sandbox.exec("echo", word).stdout().strip() + " " + word;
                }
            }));
        }
        for (Future<String> result : results) {
            System.out.println(result.get());
        }
        pool.shutdown();
        System.exit(0);
    }

    private static void createAndHang(Path workspace, SandboxEvent.Type hangAt) {
        Sandboxes.forWorkspace(workspace).template(DockerTestSupport.TEMPLATE).listener(event -> {
            System.out.println("EVENT " + event.type() + " " + event.sandboxId());
            System.out.flush();
            if (event.type() == hangAt) {
                sleepForever();
            }
        }).open();
        System.out.println("OPENED");
    }

    private static void runAndExit(Path workspace) {
        try (Sandbox sandbox = Sandboxes.forWorkspace(workspace).template(DockerTestSupport.TEMPLATE).open()) {
            sandbox.exec("echo", "one");
            sandbox.exec("sh", "-c", "exit 3");
            sandbox.exec("sh", "-c", "sleep 0.2; echo two");
            sandbox.exec("curl", "--token", "s3cr3t-value");
        }
        System.exit(0);
    }

    private static void startAndHang(Path workspace) {
        Sandbox sandbox = Sandboxes.forWorkspace(workspace).template(DockerTestSupport.TEMPLATE).open();
        sandbox.start(dev.sandboxes.exec.ExecRequest.of("sleep", "60"));
        System.out.println("STARTED");
        System.out.flush();
        sleepForever();
    }

    private static void sleepForever() {
        try {
            Thread.sleep(Long.MAX_VALUE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
