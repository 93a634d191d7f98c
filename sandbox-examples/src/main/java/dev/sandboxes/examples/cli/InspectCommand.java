package dev.sandboxes.examples.cli;

import dev.sandboxes.SandboxManager;
import dev.sandboxes.Sandboxes;
import dev.sandboxes.errors.AmbiguousSandboxException;
import dev.sandboxes.errors.SandboxNotFoundException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code sandbox inspect SANDBOX...}: a JSON array, secret values masked. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Print everything about sandboxes as a JSON array (values of secret-looking variables masked).")
final class InspectCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "SANDBOX", description = "Sandboxes: id, unique id prefix, or name.")
    List<String> sandboxes = new ArrayList<>();

    @Override
    public Integer call() {
        SandboxManager manager = Sandboxes.manager();
        List<Map<String, Object>> all = new ArrayList<>();
        int exitCode = 0;
        // As docker inspect: what is found is printed, each name not found is an error line.
        for (String name : sandboxes) {
            try {
                all.add(Json.info(manager.inspect(name)));
            } catch (SandboxNotFoundException | AmbiguousSandboxException e) {
                System.err.println("sandbox: " + e.getMessage());
                exitCode = 1;
            }
        }
        System.out.println(Json.write(all));
        return exitCode;
    }
}
