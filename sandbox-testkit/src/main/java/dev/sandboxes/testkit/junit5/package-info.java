/**
 * The JUnit 5 extension: {@link dev.sandboxes.testkit.junit5.SandboxTest} gives tests sandboxes,
 * removed after them, and fails a test that leaks one.
 *
 * <p>JUnit is the test's own: the testkit declares it {@code provided} and brings no JUnit jar, so
 * the project's JUnit version decides (Spring Boot's, say). It works with JUnit 5.4 and later; the
 * build runs the extension and the contract suite on 5.4 and on the JUnit 5 it is built with.
 *
 * <p>Testcontainers is optional: when it is on the test class path, its detection decides whether
 * there is a Docker engine and which (so that {@code DOCKER_HOST}, {@code ~/.testcontainers.properties}
 * and Docker Desktop's sockets count as Testcontainers users configured them); without it, the Docker
 * runtime's own detection does. It is found by reflection, never linked against.
 *
 * <pre>{@code
 * @SandboxTest(template = "node:22", runtime = SandboxTest.RuntimeKind.IN_MEMORY)
 * class BuildTest {
 *     @Test
 *     void builds(Sandbox sandbox, InMemoryRuntime runtime) { ... }
 * }
 * }</pre>
 */
package dev.sandboxes.testkit.junit5;
