package dev.sandboxes.examples.cli;

import dev.sandboxes.Sandboxes;
import dev.sandboxes.exec.AuditEntry;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sandbox log [--json] SANDBOX}: the sandbox's audit log, oldest first. */
@Command(name = "log", mixinStandardHelpOptions = true,
        description = "Show every command and agent run of a sandbox: time, user, exit code, duration, command.")
final class LogCommand implements Callable<Integer> {

    @Option(names = "--json", description = "One JSON object per line, as the log keeps them.")
    boolean json;

    @Parameters(paramLabel = "SANDBOX", description = "Id, unique id prefix, or name; the full id of a removed sandbox.")
    String sandbox;

    @Override
    public Integer call() {
        List<AuditEntry> entries = Sandboxes.manager().auditLog(sandbox);
        for (AuditEntry entry : entries) {
            System.out.println(json ? Json.auditLine(entry) : line(entry));
        }
        return 0;
    }

    /** {@code 2026-11-27T03:10:01.123Z  agent    exit 0     12 ms  echo hi}, as people read it. */
    static String line(AuditEntry entry) {
        String outcome = entry.exitCode().isPresent() ? "exit " + entry.exitCode().getAsInt()
                : entry.failure().isPresent() ? "failed" : "detached";
        String took = entry.duration().map(d -> d.toMillis() + " ms").orElse("");
        String line = String.format(Locale.ROOT, "%-24s  %-6s  %-8s  %-8s  %8s  %s", entry.time(),
                entry.kind().name().toLowerCase(Locale.ROOT), entry.user(), outcome, took, String.join(" ", entry.argv()));
        return entry.failure().map(why -> line + "  (" + why + ")").orElse(line);
    }
}
