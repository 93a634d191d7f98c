package dev.sandboxes.examples.cli;

import dev.sandboxes.SandboxManager;
import dev.sandboxes.Sandboxes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code sandbox stop SANDBOX...}: stops them, keeping their state. */
@Command(name = "stop", mixinStandardHelpOptions = true,
        description = "Stop sandboxes; they keep their state, and the next run in their workspace starts them again.")
final class StopCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "SANDBOX", description = "Sandboxes: id, unique id prefix, or name.")
    List<String> sandboxes = new ArrayList<>();

    @Override
    public Integer call() {
        SandboxManager manager = Sandboxes.manager();
        for (String name : sandboxes) {
            manager.stop(name);
            System.out.println(name);
        }
        return 0;
    }
}
