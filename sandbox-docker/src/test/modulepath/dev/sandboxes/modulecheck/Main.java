package dev.sandboxes.modulecheck;

import dev.sandboxes.Sandbox;
import dev.sandboxes.Sandboxes;
import dev.sandboxes.network.NetworkPolicy;
import dev.sandboxes.templates.Template;
import java.nio.file.Path;
import java.util.List;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Reads every built-in template's Dockerfile, opens a sandbox of the shell agent (its template
 * built from the base Dockerfile when missing) on the runtime that service binding found, and runs
 * a test of the testkit's extension, whose reaper must start on the module path too. Prints one
 * line per fact for ModulePathIT to check.
 */
public final class Main {

    public static void main(String[] args) {
        System.out.println("module " + Main.class.getModule().getName() + " api " + Sandboxes.class.getModule().getName());
        for (String name : List.of("base", "claude", "gemini", "codex", "egress-proxy")) {
            Template.Built template = Template.builtIn(name);
            System.out.println("dockerfile " + name + " " + template.dockerfile().length());
        }
        try (Sandbox sandbox = Sandboxes.forWorkspace(Path.of(args[0])).agent("shell").network(NetworkPolicy.direct()).open()) {
            System.out.println("sandbox " + sandbox.info().summary().template() + " "
                    + sandbox.exec("sh", "-c", "echo opened on the module path").stdout().strip());
            sandbox.remove();
        }
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(DiscoverySelectors.selectClass(ReaperCheck.class)).build();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        TestExecutionListener skips = new TestExecutionListener() {
            @Override
            public void executionSkipped(TestIdentifier test, String reason) {
                System.out.println("skipped " + test.getDisplayName() + ": " + reason);
            }
        };
        LauncherFactory.create().execute(request, listener, skips);
        TestExecutionSummary summary = listener.getSummary();
        summary.getFailures().forEach(failure -> failure.getException().printStackTrace());
        System.out.println("extension tests " + summary.getTestsSucceededCount() + " passed, "
                + summary.getTestsFailedCount() + " failed, " + summary.getTestsSkippedCount() + " skipped");
    }
}
