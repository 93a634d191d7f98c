package dev.sandboxes.docker;

import dev.sandboxes.errors.SandboxStateException;
import dev.sandboxes.exec.ExecRequest;
import dev.sandboxes.exec.ExecResult;
import java.util.List;
import java.util.Set;

/**
 * Makes a sandbox trust its egress proxy's certificate authority, which signs what the proxy shows
 * for the hosts of credential rules. The certificate goes into the system store where the image has
 * one ({@code update-ca-certificates}, whose hooks also update Java's store where
 * {@code ca-certificates-java} is installed), and into a bundle of the system's authorities plus
 * the proxy's, for the runtimes that read a file instead: the variables {@link #VARIABLES} name it,
 * set at creation since Node and the agent CLIs read them only when a process starts. Images without
 * a system store (a bare busybox) get the bundle alone.
 */
final class ProxyTrust {

    /** The system's authorities and the proxy's. */
    static final String BUNDLE = "/usr/local/share/sandboxes/ca-bundle.pem";
    /** The variables, in the spellings runtimes read, that point at {@link #BUNDLE}. */
    static final List<String> VARIABLES = List.of("SSL_CERT_FILE", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE",
            "NODE_EXTRA_CA_CERTS", "PIP_CERT", "CODEX_CA_CERTIFICATE", "GIT_SSL_CAINFO");

    private static final String INSTALL = String.join("\n",
            "set -e",
            "dir=$(dirname " + BUNDLE + ")",
            "mkdir -p \"$dir\"",
            "cat > \"$dir/egress-proxy-ca.pem\"",
            "if command -v update-ca-certificates >/dev/null 2>&1 && [ -d /usr/local/share/ca-certificates ]; then",
            "  cp \"$dir/egress-proxy-ca.pem\" /usr/local/share/ca-certificates/sandboxes-egress-proxy.crt",
            "  update-ca-certificates >/dev/null 2>&1 || echo 'update-ca-certificates failed; the bundle alone trusts the proxy' >&2",
            "fi",
            "system=",
            "for f in /etc/ssl/certs/ca-certificates.crt /etc/pki/tls/certs/ca-bundle.crt /etc/ssl/cert.pem; do",
            "  if [ -f \"$f\" ]; then system=$f; break; fi",
            "done",
            "{ [ -z \"$system\" ] || cat \"$system\"; cat \"$dir/egress-proxy-ca.pem\"; } > \"" + BUNDLE + ".new\"",
            "chmod 644 \"$dir/egress-proxy-ca.pem\" \"" + BUNDLE + ".new\"",
            "mv \"" + BUNDLE + ".new\" \"" + BUNDLE + "\"");

    private final DockerExec exec;

    ProxyTrust(DockerExec exec) {
        this.exec = exec;
    }

    /** The variables for a new sandbox that will trust its proxy, but for those the caller set. */
    static List<String> environment(Set<String> setByCaller) {
        return VARIABLES.stream().filter(name -> !setByCaller.contains(name)).map(name -> name + "=" + BUNDLE).toList();
    }

    /** Installs the certificate in a started sandbox, as root. */
    void install(String sandboxId, String caCertificate) {
        ExecResult installed = exec.start(sandboxId, ExecRequest.of("sh", "-c", INSTALL)
                .withStdin(caCertificate).asRoot().inDirectory("/")).await();
        if (installed.exitCode() != 0) {
            throw new SandboxStateException("Could not make sandbox " + sandboxId + " trust its egress proxy: "
                    + (installed.stdout() + installed.stderr()).strip());
        }
    }
}
