package dev.sandboxes.docker;

/**
 * The shell scripts the library runs in an egress proxy (as root, by exec): checking new rules,
 * putting credentials in place, reloading Squid. One place, so that every path checks and reloads
 * the same way.
 */
final class ProxyScripts {

    /** The proxy's certificate authority's certificate; its key lies beside it, and is never read. */
    static final String CA_CERTIFICATE = "/var/lib/sandboxes-ca/ca.pem";
    /** Present until the first credentials are written: the start script waits for them on a first start. */
    static final String AWAIT_CREDENTIALS = "/etc/squid/sandboxes-await-credentials";
    /** Extra certificate authorities for the real hosts, appended to the system's by the start script. */
    static final String EXTRA_CA = "/etc/squid/sandboxes-extra-ca.pem";

    /**
     * Shell functions: {@code check CONF SHAPE} parses a candidate main config with a credentials' shape
     * in place of the credentials (a parse echoes lines, and an error shows its line: never one with
     * a secret); {@code listening} counts Squid's starts and reloads; {@code reload} makes a running
     * Squid read its files again and waits until it listens again (a Squid not started yet reads
     * them when it starts; one made before the start script runs as the container's first process).
     */
    private static final String FUNCTIONS = String.join("\n",
            "check() {",
            "  conf=$(mktemp /tmp/sandboxes-check.XXXXXX); log=$conf.log",
            "  sed \"s#^include " + SquidConfig.CREDENTIALS + "\\$#include $2#\" \"$1\" > \"$conf\" || return 1",
            "  if squid -k parse -f \"$conf\" > \"$log\" 2>&1; then rm -f \"$conf\" \"$log\"; return 0; fi",
            "  grep -E 'FATAL|ERROR|Bungled|unrecognized' \"$log\" | tail -n 5; rm -f \"$conf\" \"$log\"; return 1",
            "}",
            // Squid's starts and reloads, counted on the port that opened last: each opens every port again.
            "opened() { cat /var/log/squid/cache.log 2>/dev/null | grep -c \"Accepting .* connections at .*:$1 remote\" || true; }",
            "listening() {",
            "  n=$(opened " + SquidConfig.PORT + ")",
            "  if grep -qs '^http_port 127.0.0.1:" + SquidConfig.BUMP_PORT + " ' " + SquidConfig.PATH + "; then",
            "    b=$(opened " + SquidConfig.BUMP_PORT + "); [ \"$b\" -lt \"$n\" ] && n=$b",
            "  fi",
            "  echo \"$n\"",
            "}",
            "reload() {",
            "  pid=$(cat " + SquidConfig.MAIN_PID + " 2>/dev/null || true)",
            "  if [ -z \"$pid\" ]; then [ \"$(listening)\" -gt 0 ] || return 0; pid=1; fi",
            "  for i in $(seq 100); do [ \"$(listening)\" -gt 0 ] && break; sleep 0.1; done",
            "  before=$(listening)",
            "  kill -HUP \"$pid\"",
            "  for i in $(seq 100); do [ \"$(listening)\" -gt \"$before\" ] && return 0; sleep 0.1; done",
            "  echo 'Squid did not reload within 10 s'; return 1",
            "}",
            "await_ca() { for i in $(seq 100); do [ -s " + CA_CERTIFICATE + " ] && return 0; sleep 0.1; done;"
                    + " echo 'The proxy made no certificate authority within 10 s'; return 1; }");

    /** Waits (10 s at most) until Squid listens, else prints the end of its log and fails. */
    static final String AWAIT_LISTENING = FUNCTIONS + "\n"
            + "for i in $(seq 200); do [ \"$(listening)\" -gt 0 ] && exit 0; sleep 0.05; done\n"
            + "tail -n 20 /var/log/squid/cache.log | grep -v request_header_add; exit 1";

    /** With {@code $1} the main config: puts {@code $1.new} in its place, if Squid accepts it, and reloads. */
    static final String REPLACE_RULES = FUNCTIONS + "\n" + String.join("\n",
            "set -e",
            "if cmp -s \"$1.new\" \"$1\"; then rm -f \"$1.new\"; exit 0; fi",
            "check \"$1.new\" " + SquidConfig.CREDENTIALS_SHAPE,
            "mv \"$1.new\" \"$1\"",
            "reload");

    /**
     * Reads the credentials (secrets included) from standard input onto the tmpfs, checks them by
     * their shape (written beforehand), puts them in place and reloads. Refuses where the folder is
     * not a tmpfs: the secrets must never land on a disk.
     */
    static final String REPLACE_CREDENTIALS = FUNCTIONS + "\n" + String.join("\n",
            "set -e",
            "dir=$(dirname " + SquidConfig.CREDENTIALS + ")",
            "grep -qs \" $dir tmpfs \" /proc/mounts || { echo \"$dir is no tmpfs: secrets are never written to a disk\"; exit 1; }",
            "umask 077",
            "new=$(mktemp \"$dir/.credentials.XXXXXX\")",
            "trap 'rm -f \"$new\"' EXIT",
            "cat > \"$new\"",
            "if cmp -s \"$new\" " + SquidConfig.CREDENTIALS + "; then",
            "  rm -f " + AWAIT_CREDENTIALS + " " + SquidConfig.CREDENTIALS_SHAPE + ".new; exit 0",
            "fi",
            "await_ca",
            // The shape came beside the current one: it replaces it only with the rules it describes.
            "check " + SquidConfig.PATH + " " + SquidConfig.CREDENTIALS_SHAPE + ".new",
            "chown proxy:proxy \"$new\"",
            "mv \"$new\" " + SquidConfig.CREDENTIALS,
            "mv " + SquidConfig.CREDENTIALS_SHAPE + ".new " + SquidConfig.CREDENTIALS_SHAPE,
            "rm -f " + AWAIT_CREDENTIALS,
            "reload");

    /** Prints the certificate authority's certificate, once the start script has made it. */
    static final String PRINT_CA = FUNCTIONS + "\nawait_ca && cat " + CA_CERTIFICATE;

    private ProxyScripts() {
    }
}
