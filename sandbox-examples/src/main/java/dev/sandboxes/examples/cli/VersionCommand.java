package dev.sandboxes.examples.cli;

import dev.sandboxes.Sandboxes;
import dev.sandboxes.errors.SandboxException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

/** {@code sandbox version}: this CLI's, Java's, and the engine's versions. */
@Command(name = "version", mixinStandardHelpOptions = true, description = "Show the versions of the CLI and the engine.")
final class VersionCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.out.println("Sandboxes for Java " + Sandboxes.version());
        System.out.println("Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")");
        try {
            System.out.println("Engine: " + Sandboxes.runtime().description());
        } catch (SandboxException e) {
            System.out.println("Engine: none answers");
            throw e;
        }
        return 0;
    }

    /** For {@code sandbox --version}. */
    static final class Provider implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"sandbox " + Sandboxes.version()};
        }
    }
}
