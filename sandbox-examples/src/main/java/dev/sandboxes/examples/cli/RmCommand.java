package dev.sandboxes.examples.cli;

import dev.sandboxes.SandboxManager;
import dev.sandboxes.Sandboxes;
import dev.sandboxes.core.SandboxStatus;
import dev.sandboxes.core.SandboxSummary;
import dev.sandboxes.errors.SandboxStateException;
import dev.sandboxes.git.WorktreeAction;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sandbox rm [-f] [--worktree [--discard-changes]] SANDBOX...}: a running one only with {@code -f}. */
@Command(name = "rm", aliases = "remove", mixinStandardHelpOptions = true,
        description = "Remove sandboxes and everything in them outside the workspace.")
final class RmCommand implements Callable<Integer> {

    @Option(names = {"-f", "--force"}, description = "Remove running sandboxes too.")
    boolean force;

    @Option(names = "--worktree", description = "Remove the git worktree of a sandbox on a branch too (kept by"
            + " default); refused while it holds uncommitted work. The branch stays.")
    boolean worktree;

    @Option(names = "--discard-changes", description = "With --worktree: remove it even with uncommitted work.")
    boolean discardChanges;

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
        if (discardChanges && !worktree) {
            throw new OptionValues.BadValueException("--discard-changes goes with --worktree.");
        }
        WorktreeAction action = !worktree ? WorktreeAction.KEEP
                : discardChanges ? WorktreeAction.REMOVE_DISCARDING_CHANGES : WorktreeAction.REMOVE;
        for (SandboxSummary sandbox : found) {
            manager.remove(sandbox.id(), action);
            System.out.println(sandbox.name());
        }
        return 0;
    }
}
