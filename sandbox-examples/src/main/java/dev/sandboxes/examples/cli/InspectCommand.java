package dev.sandboxes.examples.cli;

import dev.sandboxes.SandboxManager;
import dev.sandboxes.Sandboxes;
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
        sandboxes.forEach(name -> all.add(Json.info(manager.inspect(name))));
        System.out.println(Json.write(all));
        return 0;
    }
}
