/**
 * Sandboxes for Java: the entry point and handles ({@code dev.sandboxes}), the value types by
 * subject, and the runtime SPI. Runtimes are found with {@link java.util.ServiceLoader}: a module
 * that {@code provides dev.sandboxes.spi.SandboxRuntimeProvider} (such as {@code dev.sandboxes.docker})
 * is bound when it is on the module path; agents of your own come the same way through
 * {@code dev.sandboxes.agents.AgentProvider}.
 *
 * <pre>{@code
 * module my.app {
 *     requires dev.sandboxes.api;
 *     requires dev.sandboxes.docker;   // or leave it to service binding: it is found on the module path
 * }
 * }</pre>
 */
module dev.sandboxes.api {
    requires org.slf4j;

    exports dev.sandboxes;
    exports dev.sandboxes.agents;
    exports dev.sandboxes.core;
    exports dev.sandboxes.errors;
    exports dev.sandboxes.exec;
    exports dev.sandboxes.git;
    exports dev.sandboxes.network;
    exports dev.sandboxes.spi;
    exports dev.sandboxes.templates;
    // The testkit's leak check and runtime selection only; nothing else may use the implementation.
    exports dev.sandboxes.internal to dev.sandboxes.testkit;

    uses dev.sandboxes.spi.SandboxRuntimeProvider;
    uses dev.sandboxes.agents.AgentProvider;
}
