package dev.sandboxes.examples.cli;

import dev.sandboxes.Sandboxes;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code sandbox save SANDBOX IMAGE}: the sandbox's state as an image, for {@code run -t IMAGE}. */
@Command(name = "save", mixinStandardHelpOptions = true,
        description = "Save a sandbox's state as an image, to make new sandboxes from (run -t IMAGE)."
                + " Secret variables are saved empty; no credentials go in.")
final class SaveCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "SANDBOX", description = "Id, unique id prefix, or name.")
    String sandbox;

    @Parameters(index = "1", paramLabel = "IMAGE", description = "The image's name, such as my-env:1.")
    String image;

    @Override
    public Integer call() {
        System.out.println(Sandboxes.manager().save(sandbox, image));
        return 0;
    }
}
