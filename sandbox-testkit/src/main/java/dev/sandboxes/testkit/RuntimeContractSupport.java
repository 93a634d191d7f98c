package dev.sandboxes.testkit;

import dev.sandboxes.SandboxBuilder;
import dev.sandboxes.spi.SandboxRuntime;
import java.io.IOException;
import java.nio.file.Path;

/**
 * What the contracts of a runtime's capabilities use of the test that runs them:
 * {@link SandboxRuntimeContract} provides all of it, and a runtime's test implements the capability
 * contracts of exactly the capabilities its runtime has (the core contract checks that).
 *
 * <pre>{@code
 * class MyRuntimeContractTest extends SandboxRuntimeContract implements SavesAndResetsContract { ... }
 * }</pre>
 */
public interface RuntimeContractSupport {

    /** The runtime under test; the same instance for every test of a class is best. */
    SandboxRuntime runtime();

    /** A template image that exists for this runtime. */
    String template();

    /** A template image that does not exist for this runtime. */
    String missingTemplate();

    /** A new empty workspace, open to all (the sandbox's user is not its owner), removed after the test. */
    Path newWorkspace() throws IOException;

    /** A builder on this runtime and its template. */
    SandboxBuilder builder(Path workspace);

    /** Removes an image a test saved; a runtime whose images outlive the test overrides this. */
    void removeImage(String image);

    /** Removes the sandboxes and workspaces the test made so far (the end of each test does too). */
    void removeWhatTheTestMade();
}
