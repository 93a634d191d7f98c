package dev.sandboxes.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP endpoint's door: {@code Host} and {@code Origin} against their allow lists (403), then
 * the bearer token (401), before any request reaches the MCP transport. Pages of an allowed origin
 * get the CORS headers a browser needs, and their preflight (which carries no token) an answer.
 */
final class HttpGuardFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(HttpGuardFilter.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final transient Set<String> hosts;
    private final transient Set<String> origins;
    private final byte[] expected;

    HttpGuardFilter(Set<String> hosts, Set<String> origins, String token) {
        this.hosts = Set.copyOf(hosts);
        this.origins = Set.copyOf(origins);
        this.expected = token.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String host = request.getHeader("Host");
        if (host == null || !hosts.contains(host.toLowerCase(Locale.ROOT))) {
            refuse(response, 403, "The Host header '" + host + "' is not one this server answers to.");
            return;
        }
        String origin = request.getHeader("Origin");
        if (origin != null && !origins.contains(origin.toLowerCase(Locale.ROOT))) {
            refuse(response, 403, "Requests from pages of " + origin + " are not allowed (start the server with that "
                    + "origin allowed).");
            return;
        }
        if (origin != null) {
            // A page of an allowed origin (a web inspector) may read the answers and the session id.
            response.setHeader("Access-Control-Allow-Origin", origin);
            response.setHeader("Access-Control-Expose-Headers", "Mcp-Session-Id");
            response.setHeader("Vary", "Origin");
            if ("OPTIONS".equals(request.getMethod())) {
                // The browser's preflight carries no token: it asks what the real request may send.
                response.setHeader("Access-Control-Allow-Methods", "GET, POST, DELETE");
                response.setHeader("Access-Control-Allow-Headers",
                        "Authorization, Content-Type, Accept, Mcp-Session-Id, MCP-Protocol-Version, Last-Event-ID");
                response.setStatus(204);
                return;
            }
        }
        String authorization = request.getHeader("Authorization");
        if (authorization == null || !MessageDigest.isEqual(expected, bearerToken(authorization))) {
            response.setHeader("WWW-Authenticate", "Bearer realm=\"sandboxes\"");
            refuse(response, 401, authorization == null
                    ? "This server needs 'Authorization: Bearer <token>': the token it printed when it started."
                    : "The bearer token is wrong.");
            return;
        }
        chain.doFilter(request, response);
    }

    /** The token of a Bearer credential; the scheme's name is case-insensitive (RFC 9110, 11.1). */
    private static byte[] bearerToken(String authorization) {
        String scheme = "Bearer ";
        return authorization.regionMatches(true, 0, scheme, 0, scheme.length())
                ? authorization.substring(scheme.length()).getBytes(StandardCharsets.UTF_8)
                : new byte[0];
    }

    private static void refuse(HttpServletResponse response, int status, String message) throws IOException {
        LOG.info("Refused an HTTP request ({}): {}", status, message);
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("jsonrpc", "2.0");
        body.put("error", Map.of("code", -32001, "message", message));
        body.put("id", null);
        response.getWriter().write(JSON.writeValueAsString(body));
    }
}
