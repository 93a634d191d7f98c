package dev.sandboxes.examples.cli;

import dev.sandboxes.SandboxManager;
import dev.sandboxes.SandboxStateException;
import dev.sandboxes.SandboxStatus;
import dev.sandboxes.SandboxSummary;
import dev.sandboxes.Sandboxes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sandbox rm [-f] SANDBOX...}: a running one only with {@code -f}. */
@Command(name = "rm", aliases = "remove", mixinStandardHelpOptions = true,
        description = "Remove sandboxes and everything in them outside the workspace.")
final class RmCommand implements Callable<Integer> {

    @Option(names = {"-f", "--force"}, description = "Remove running sandboxes too.")
    boolean force;

    @Parameters(arity = "1..*", paramLabel = "SANDBOX", description = "Sandboxes: id, unique id prefix, or name.")
    List<String> sandboxes = new ArrayList<>();

    @Override
    public Integer call() {
        SandboxManager manager = Sandboxes.manager();
        List<SandboxSummary> found = sandboxes.stream().map(manager::resolve).toList();
        for (SandboxSummary sandbox : found) {
            if (!force && sandbox.status() == SandboxStatus.RUNNING) {
                throw new SandboxStateException("The sandbox " + sandbox.name() + " is running: stop it first"
                        + " (sandbox stop " + sandbox.name() + "), or remove it anyway with -f.");
            }
        }
        for (SandboxSummary sandbox : found) {
            manager.remove(sandbox.id());
            System.out.println(sandbox.name());
        }
        return 0;
    }
}
