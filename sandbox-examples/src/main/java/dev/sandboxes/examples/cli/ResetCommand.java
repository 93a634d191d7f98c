package dev.sandboxes.examples.cli;

import dev.sandboxes.Sandboxes;
import dev.sandboxes.core.SandboxSummary;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code sandbox reset SANDBOX}: the sandbox made afresh from its template; prints the new id. */
@Command(name = "reset", mixinStandardHelpOptions = true,
        description = "Make a sandbox afresh from its template: the workspace and the agent's login stay,"
                + " everything else in it goes.")
final class ResetCommand implements Callable<Integer> {

    @Parameters(paramLabel = "SANDBOX", description = "Id, unique id prefix, or name.")
    String sandbox;

    @Override
    public Integer call() {
        SandboxSummary fresh = Sandboxes.manager().reset(sandbox);
        System.out.println(fresh.id());
        return 0;
    }
}
