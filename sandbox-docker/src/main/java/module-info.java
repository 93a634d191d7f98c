/**
 * The Docker runtime of Sandboxes for Java: sandboxes as containers on a Docker Engine API, through
 * docker-java. Provides {@code dev.sandboxes.spi.SandboxRuntimeProvider}, so that the API finds it
 * by service binding when it is on the module path.
 *
 * <pre>{@code
 * module my.app {
 *     requires dev.sandboxes.api;
 *     requires dev.sandboxes.docker;
 * }
 * }</pre>
 */
module dev.sandboxes.docker {
    requires transitive dev.sandboxes.api;
    requires com.fasterxml.jackson.databind;
    requires com.github.dockerjava.api;
    requires com.github.dockerjava.core;
    requires com.github.dockerjava.transport;
    requires com.github.dockerjava.transport.zerodep;
    requires org.apache.commons.compress;
    requires org.slf4j;
    // docker-java's jars are automatic modules, which cannot say what they need: these named modules
    // are what docker-java-core uses, listed so that a module-path user needs no --add-modules.
    requires com.google.common;
    requires org.apache.commons.io;
    requires org.apache.commons.lang3;
    requires org.bouncycastle.pkix;
    requires org.bouncycastle.provider;

    exports dev.sandboxes.docker;

    provides dev.sandboxes.spi.SandboxRuntimeProvider with dev.sandboxes.docker.DockerRuntimeProvider;
}
