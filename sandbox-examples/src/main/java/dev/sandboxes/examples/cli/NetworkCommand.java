package dev.sandboxes.examples.cli;

import dev.sandboxes.Sandbox;
import dev.sandboxes.Sandboxes;
import dev.sandboxes.network.NetworkLogEntry;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sandbox network log SANDBOX}: what a sandbox behind an egress proxy (open or allow list)
 * asked for, and what its proxy decided.
 */
@Command(name = "network", mixinStandardHelpOptions = true,
        description = "The network of sandboxes behind an egress proxy (open, the default, or an allow list).",
        subcommands = NetworkCommand.Log.class)
final class NetworkCommand {

    @Command(name = "log", mixinStandardHelpOptions = true,
            description = "Every request the sandbox made through its egress proxy: time, decision, method, host, port.")
    static final class Log implements Callable<Integer> {
        @Option(names = "--json", description = "Print a JSON array.")
        boolean json;

        @Parameters(index = "0", paramLabel = "SANDBOX", description = "The sandbox: id, unique id prefix, or name.")
        String sandboxName;

        @Override
        public Integer call() {
            try (Sandbox sandbox = Sandboxes.attach(sandboxName)) {
                List<NetworkLogEntry> log = sandbox.networkLog();
                if (json) {
                    System.out.println(Json.write(log.stream().map(e -> Json.ordered("time", e.time().toString(),
                            "allowed", e.allowed(), "method", e.method(), "host", e.host(), "port", e.port())).toList()));
                    return 0;
                }
                System.out.printf("%-24s %-8s %-8s %s%n", "TIME", "DECISION", "METHOD", "HOST:PORT");
                for (NetworkLogEntry entry : log) {
                    System.out.printf("%-24s %-8s %-8s %s:%d%n", entry.time(), entry.allowed() ? "allowed" : "blocked",
                            entry.method(), entry.host(), entry.port());
                }
                return 0;
            }
        }
    }
}
