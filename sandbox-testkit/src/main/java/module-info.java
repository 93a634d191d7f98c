/**
 * The testkit of Sandboxes for Java: an in-memory runtime, the contract suite every runtime passes,
 * and a JUnit 5 extension. JUnit is the user's (read only when present); Testcontainers, when on the
 * class path, is asked by reflection (it has no module name).
 *
 * <pre>{@code
 * module my.app.test {
 *     requires dev.sandboxes.testkit;
 *     requires org.junit.jupiter.api;
 * }
 * }</pre>
 */
module dev.sandboxes.testkit {
    requires transitive dev.sandboxes.api;
    requires org.slf4j;
    requires static org.junit.jupiter.api;
    requires static org.junit.platform.commons;

    exports dev.sandboxes.testkit;
    exports dev.sandboxes.testkit.junit5;
    // JUnit runs the contract suite's package-private test methods in subclasses of it.
    opens dev.sandboxes.testkit to org.junit.platform.commons;

    provides dev.sandboxes.spi.SandboxRuntimeProvider with dev.sandboxes.testkit.InMemoryRuntimeProvider;
}
