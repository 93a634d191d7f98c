package dev.sandboxes.examples.cli;

import dev.sandboxes.Sandboxes;
import dev.sandboxes.core.Prune;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sandbox prune --stopped-for 7d --workspace-gone [--dry-run] [--within DIR]}: removes the
 * sandboxes named, and says which and why. Without a criterion it removes nothing and says so.
 */
@Command(name = "prune", mixinStandardHelpOptions = true,
        description = "Remove sandboxes stopped for a long time, or whose workspace folder is gone.")
final class PruneCommand implements Callable<Integer> {

    @Option(names = "--stopped-for", paramLabel = "TIME",
            description = "Remove sandboxes stopped for at least this long: 90s, 30m, 12h, 7d.")
    String stoppedFor;

    @Option(names = "--workspace-gone", description = "Remove sandboxes whose workspace folder no longer exists, running or not.")
    boolean workspaceGone;

    @Option(names = "--within", paramLabel = "DIR", description = "Only sandboxes whose workspace is in this folder.")
    Path within;

    @Option(names = {"-n", "--dry-run"}, description = "Only list what would be removed.")
    boolean dryRun;

    @Override
    public Integer call() {
        if (stoppedFor == null && !workspaceGone) {
            throw new OptionValues.BadValueException("say what to prune: --stopped-for TIME, --workspace-gone, or both.");
        }
        Optional<java.time.Duration> time = Optional.ofNullable(stoppedFor).map(value -> OptionValues.duration("--stopped-for", value));
        Prune prune = new Prune(time, workspaceGone, dryRun, Optional.ofNullable(within).map(Path::toAbsolutePath));
        List<Prune.Match> matches = Sandboxes.manager().prune(prune);
        for (Prune.Match match : matches) {
            System.out.println((dryRun ? "would remove " : "removed ") + match.sandbox().shortId() + " "
                    + match.sandbox().name() + " (" + match.reason() + ", " + match.sandbox().workspace() + ")");
        }
        if (matches.isEmpty()) {
            System.out.println("nothing to prune");
        }
        return 0;
    }
}
