package dev.sandboxes.docker;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sandboxes.Sandbox;
import dev.sandboxes.exec.ExecRequest;
import dev.sandboxes.exec.ExecResult;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One TCP connection tried from inside a container with busybox's {@code nc}, an HTTP request sent
 * on it, and how it ended. A check that something was <em>not</em> reached asserts how it failed
 * ({@link #reachedNothing()}): a garbage address ({@code nc: bad address 'null'}) also fails to
 * connect, and must fail the test instead of passing it.
 */
record TcpAttempt(String address, int port, Outcome outcome, ExecResult result) {

    /** How the attempt ended, from nc's own words. */
    enum Outcome {
        /** Something answered. */
        ANSWERED,
        /** The address's machine answered with a reset: the packets got there. */
        REFUSED,
        /** No route: "Network is unreachable", "No route to host". */
        UNREACHABLE,
        /** Nothing came back within the wait: the packets were dropped on the way. */
        TIMED_OUT,
        /** The address was not one: a test fault, never a network's answer. */
        BAD_ADDRESS,
        /** Anything else: read {@link #result()}. */
        UNKNOWN
    }

    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final int WAIT_SECONDS = 5;

    /** Connects from the sandbox to {@code address:port} and sends {@code GET /}. */
    static TcpAttempt from(Sandbox sandbox, String address, int port) {
        return from(sandbox, address, port, "GET /");
    }

    /** Connects from the sandbox to {@code address:port} (an address or a name) and sends one HTTP/1.0 request line. */
    static TcpAttempt from(Sandbox sandbox, String address, int port, String requestLine) {
        return classify(address, port, sandbox.exec(request(address, port, requestLine)));
    }

    /** {@link #from(Sandbox, String, int, String)} as the sandbox's root, who can change anything the sandbox may change. */
    static TcpAttempt asRoot(Sandbox sandbox, String address, int port, String requestLine) {
        return classify(address, port, sandbox.exec(request(address, port, requestLine).asRoot()));
    }

    /** The same from any container of the engine (a test's own server, say), as root. */
    static TcpAttempt fromContainer(String containerId, String address, int port) {
        return classify(address, port, DockerTestSupport.runtime().exec(containerId,
                request(address, port, "GET /").asRoot().inDirectory("/")));
    }

    /**
     * The address a container's default route leads to: the host, on an ordinary bridge network.
     * Read from the container's own routing table, which is what its packets follow; the engine's
     * IPAM record of a network's gateway can be empty (the default bridge on an engine's first boot).
     */
    static String defaultGateway(Sandbox sandbox) {
        return defaultGatewayIfAny(sandbox).orElseThrow(() -> new AssertionError("The sandbox has no default route: "
                + sandbox.exec("cat", "/proc/net/route").stdout()));
    }

    /** {@link #defaultGateway}, or empty when the container has no default route (engines differ on internal networks). */
    static Optional<String> defaultGatewayIfAny(Sandbox sandbox) {
        ExecResult routes = sandbox.exec("cat", "/proc/net/route");
        // Iface Destination Gateway Flags ...: the default route has destination 0, its gateway in little-endian hex.
        return routes.stdout().lines().skip(1).map(line -> line.trim().split("\\s+"))
                .filter(fields -> fields.length > 2 && fields[1].equals("00000000"))
                .map(fields -> Long.parseLong(fields[2], 16)).findFirst()
                .map(hex -> requireIpv4((hex & 0xff) + "." + ((hex >> 8) & 0xff) + "." + ((hex >> 16) & 0xff) + "."
                        + ((hex >> 24) & 0xff), "the default gateway in " + routes.stdout()));
    }

    /** The address itself, when it is a dotted IPv4 address other than 0.0.0.0; else the test fails, saying where it came from. */
    static String requireIpv4(String address, String source) {
        assertTrue(address != null && IPV4.matcher(address).matches() && !address.equals("0.0.0.0"),
                "'" + address + "' from " + source + " is no IPv4 address to test with");
        return address;
    }

    /** Whether nothing at all was reached: no route, or every packet dropped. */
    boolean reachedNothing() {
        return outcome == Outcome.UNREACHABLE || outcome == Outcome.TIMED_OUT;
    }

    boolean answered(String text) {
        return outcome == Outcome.ANSWERED && result.stdout().contains(text);
    }

    @Override
    public String toString() {
        return address + ":" + port + " -> " + outcome + " (exit " + result.exitCode() + ", out '" + result.stdout().strip()
                + "', err '" + result.stderr().strip() + "')";
    }

    /**
     * nc reads the request from a pipe the shell holds open until nc ends: at the end of its input
     * busybox's nc half-closes the connection, and Squid then drops a request it has not answered yet.
     * nc ends when the server closes (HTTP/1.0), or when it cannot connect within {@value #WAIT_SECONDS} s.
     */
    private static ExecRequest request(String address, int port, String requestLine) {
        // A write to a pipe nc has left (it could not connect) must not kill the shell before it says so.
        String script = "trap '' PIPE; in=$(mktemp -u) && mkfifo \"$in\" || exit 99; nc -w " + WAIT_SECONDS + " \"$1\" \"$2\" < \"$in\" & nc=$!;"
                + " exec 3> \"$in\"; printf '%s HTTP/1.0\\r\\n\\r\\n' \"$3\" >&3; wait $nc; status=$?; exec 3>&-; rm -f \"$in\";"
                + " exit $status";
        return ExecRequest.of("sh", "-c", script, "tcp", address, String.valueOf(port), requestLine)
                .withTimeout(Duration.ofSeconds(WAIT_SECONDS * 6L));
    }

    private static TcpAttempt classify(String address, int port, ExecResult result) {
        String err = result.stderr();
        Outcome outcome;
        if (!result.stdout().isEmpty()) {
            outcome = Outcome.ANSWERED;
        } else if (err.contains("bad address")) {
            outcome = Outcome.BAD_ADDRESS;
        } else if (err.contains("Connection refused")) {
            outcome = Outcome.REFUSED;
        } else if (List.of("Network is unreachable", "No route to host", "Host is unreachable").stream().anyMatch(err::contains)) {
            outcome = Outcome.UNREACHABLE;
        } else if (err.contains("timed out")) {
            outcome = Outcome.TIMED_OUT;
        } else {
            outcome = Outcome.UNKNOWN;
        }
        return new TcpAttempt(address, port, outcome, result);
    }
}
