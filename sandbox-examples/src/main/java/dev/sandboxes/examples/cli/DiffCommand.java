package dev.sandboxes.examples.cli;

import dev.sandboxes.Sandboxes;
import dev.sandboxes.git.WorkspaceChanges;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sandbox diff [--name-status] SANDBOX}: what the agent of a sandbox on a branch changed. */
@Command(name = "diff", mixinStandardHelpOptions = true,
        description = "Show what the agent changed on its branch, against the commit the branch started from.")
final class DiffCommand implements Callable<Integer> {

    @Option(names = "--name-status", description = "Only the changed files, each with A, M, D, R or T before it.")
    boolean nameStatus;

    @Parameters(paramLabel = "SANDBOX", description = "A sandbox opened with --branch: id, unique id prefix, or name.")
    String sandbox;

    @Override
    public Integer call() {
        WorkspaceChanges changes = Sandboxes.manager().changes(sandbox);
        if (nameStatus) {
            changes.files().forEach(file -> System.out.println(file.change().letter() + "\t" + file.path()));
        } else {
            System.out.print(changes.diff());
        }
        return 0;
    }
}
