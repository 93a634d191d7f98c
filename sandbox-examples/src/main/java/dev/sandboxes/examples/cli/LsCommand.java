package dev.sandboxes.examples.cli;

import dev.sandboxes.Sandboxes;
import dev.sandboxes.core.SandboxStatus;
import dev.sandboxes.core.SandboxSummary;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sandbox ls}: the sandboxes, newest first, as a table, ids, or JSON. */
@Command(name = "ls", aliases = "list", mixinStandardHelpOptions = true,
        description = "List sandboxes (running ones; -a for all).")
final class LsCommand implements Callable<Integer> {

    static final List<String> COLUMNS = List.of("SANDBOX ID", "TEMPLATE", "NAME", "WORKSPACE", "STATUS", "CREATED");

    @Option(names = {"-a", "--all"}, description = "Show every sandbox, not only the running ones.")
    boolean all;

    @Option(names = {"-q", "--quiet"}, description = "Print only the ids.")
    boolean quiet;

    @Option(names = "--no-trunc", description = "Do not shorten ids.")
    boolean noTrunc;

    @Option(names = "--json", description = "Print a JSON array, stable for scripts.")
    boolean json;

    @Override
    public Integer call() {
        List<SandboxSummary> sandboxes = Sandboxes.list().stream()
                .filter(s -> all || s.status() == SandboxStatus.RUNNING)
                .sorted(Comparator.comparing(SandboxSummary::created).reversed())
                .toList();
        if (json) {
            List<Map<String, Object>> rows = new ArrayList<>();
            sandboxes.forEach(s -> rows.add(Json.summary(s)));
            System.out.println(Json.write(rows));
        } else if (quiet) {
            sandboxes.forEach(s -> System.out.println(noTrunc ? s.id() : s.shortId()));
        } else {
            System.out.print(table(sandboxes, noTrunc, Instant.now()));
        }
        return 0;
    }

    /** The table, columns as wide as their widest value, as {@code docker ps} prints it. */
    static String table(List<SandboxSummary> sandboxes, boolean noTrunc, Instant now) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(COLUMNS);
        for (SandboxSummary s : sandboxes) {
            rows.add(List.of(noTrunc ? s.id() : s.shortId(), s.template(), s.name(), s.workspace().toString(),
                    s.status().name().toLowerCase(java.util.Locale.ROOT), ago(s.created(), now)));
        }
        int[] widths = new int[COLUMNS.size()];
        rows.forEach(row -> {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        });
        StringBuilder out = new StringBuilder();
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                String cell = row.get(i);
                out.append(i == row.size() - 1 ? cell : cell + " ".repeat(widths[i] - cell.length() + 3));
            }
            out.append('\n');
        }
        return out.toString();
    }

    /** "5 minutes ago", as Docker's CLI says it. */
    static String ago(Instant then, Instant now) {
        Duration age = Duration.between(then, now);
        Map<String, Long> units = new LinkedHashMap<>();
        units.put("day", age.toDays());
        units.put("hour", age.toHours());
        units.put("minute", age.toMinutes());
        for (Map.Entry<String, Long> unit : units.entrySet()) {
            if (unit.getValue() >= 1) {
                return unit.getValue() + " " + unit.getKey() + (unit.getValue() == 1 ? "" : "s") + " ago";
            }
        }
        return "less than a minute ago";
    }
}
