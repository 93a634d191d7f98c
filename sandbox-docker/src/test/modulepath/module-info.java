/** A user's program on the module path: ModulePathIT compiles and runs it in a JVM of its own. */
module dev.sandboxes.modulecheck {
    requires dev.sandboxes.testkit;
    requires org.junit.jupiter.api;
    requires org.junit.platform.launcher;

    opens dev.sandboxes.modulecheck to org.junit.platform.commons;
}
