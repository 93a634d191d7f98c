package dev.sandboxes.testkit.junit5;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives a test class sandboxes: any test method, constructor or {@code @BeforeAll} method may take a
 * {@link dev.sandboxes.Sandbox} parameter. Each is opened on a fresh temporary workspace and removed
 * after its test (or, for a constructor or {@code @BeforeAll}, after the class), even when the test
 * fails. Every test is also checked for leaks: sandboxes it created and did not remove, handles it
 * opened and did not close.
 *
 * <p>On Docker (the default), tests are skipped with a reason when no engine is found (Testcontainers'
 * detection decides when Testcontainers is on the test class path, the Docker runtime's own
 * otherwise), unless Docker is required: {@code CI=true}, or the system property
 * {@code sandboxes.requireDocker=true}; then they fail.
 *
 * <pre>{@code
 * @SandboxTest(template = "node:22")          // or agent = "claude", on the agent's own template
 * class BuildTest {
 *     @Test
 *     void buildsTheProject(Sandbox sandbox) {
 *         assertThat(sandbox.exec("npm", "run", "build")).succeeded();
 *     }
 * }
 * }</pre>
 */
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(SandboxExtension.class)
public @interface SandboxTest {

    /** The template image of the sandboxes; empty (the default) for the agent's own template. */
    String template() default "";

    /** The agent of the sandboxes, such as {@code claude}; empty (the default) for the {@code shell} agent. */
    String agent() default "";

    /** The runtime the sandboxes run on. */
    RuntimeKind runtime() default RuntimeKind.DOCKER;

    /** The runtimes a test can ask for. */
    enum RuntimeKind {
        /** The Docker runtime, found as users find it. */
        DOCKER,
        /** A fresh {@link dev.sandboxes.testkit.InMemoryRuntime} per test class, with no script (every command exits 127). */
        IN_MEMORY
    }
}
