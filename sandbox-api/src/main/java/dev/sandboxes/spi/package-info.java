/**
 * The runtime SPI: what a runtime (Docker, the testkit's in-memory one, yours) implements and the
 * plain values it is given. No policy lives here: the API decides defaults, names and whether an
 * existing sandbox may be reused (it hands its {@link dev.sandboxes.spi.SandboxSpec.Policy} to
 * runtimes in the spec), and runtimes report facts. Depends only on the value packages
 * ({@code dev.sandboxes.core}, {@code agents}, {@code exec}, {@code templates}, {@code network},
 * {@code git}, {@code errors}); never on {@code dev.sandboxes} or {@code dev.sandboxes.internal}.
 *
 * <pre>{@code
 * public final class MyRuntimeProvider implements SandboxRuntimeProvider { ... }   // found by ServiceLoader
 * }</pre>
 */
package dev.sandboxes.spi;
