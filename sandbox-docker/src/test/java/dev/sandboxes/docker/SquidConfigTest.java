package dev.sandboxes.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sandboxes.network.NetworkLogEntry;
import dev.sandboxes.network.NetworkPolicy;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SquidConfigTest {

    @Test
    void rulesComeInTheOrderThatMakesThePolicy() {
        String config = SquidConfig.of(NetworkPolicy.allow("api.example.com", "*.github.com", "10.1.0.0/16")
                .block("evil.github.com", "192.168.1.9"), "172.30.0.0/16", List.of("192.0.2.2"), false);
        List<String> access = config.lines().filter(line -> line.startsWith("http_access")).toList();
        assertEquals(List.of(
                "http_access deny !from_sandbox",
                "http_access deny manager",
                "http_access deny !CONNECT !http_proto",
                "http_access deny blocked_names",
                "http_access deny blocked_addresses",
                "http_access deny !web_ports",
                "http_access deny CONNECT !tls_port",
                "http_access allow allowed_addresses",
                "http_access allow named_hosts",
                "http_access allow wildcard_hosts !private_destinations",
                "http_access deny all"), access);
        assertTrue(config.contains("acl from_sandbox src 172.30.0.0/16\n"), config);
        // -n everywhere: no reverse lookup of an address, no lookup of a name no rule allowed.
        assertTrue(config.contains("acl named_hosts dstdomain -n api.example.com\n"), config);
        assertTrue(config.contains("acl wildcard_hosts dstdomain -n .github.com\n"), config);
        assertTrue(config.contains("acl allowed_addresses dst -n 10.1.0.0/16\n"), config);
        assertTrue(config.contains("acl blocked_names dstdomain -n evil.github.com\n"), config);
        assertTrue(!config.contains("192.0.2.2"), "an allow list needs no list of the host's addresses: " + config);
    }

    @Test
    void anOpenPolicyRefusesTheHostAndPrivateDestinationsAfterItsExceptionsAndAllowsTheRestOnAnyPort() {
        String config = SquidConfig.of(NetworkPolicy.open().andAllow("10.1.2.3", "db.internal").block("tracker.example.com"),
                "10.213.4.16/28", List.of("192.0.2.2", "fd00::2"), false);
        List<String> access = config.lines().filter(line -> line.startsWith("http_access")).toList();
        assertEquals(List.of(
                "http_access deny !from_sandbox",
                "http_access deny manager",
                "http_access deny !CONNECT !http_proto",
                "http_access deny blocked_names",
                "http_access allow allowed_addresses",
                "http_access allow named_hosts",
                "http_access deny private_destinations",
                "http_access deny host_addresses",
                "http_access allow all"), access);
        // Without -n: a name is resolved, and each of its addresses checked against the host's.
        assertTrue(config.contains("acl host_addresses dst 192.0.2.2 fd00::2\n"), config);
        assertTrue(config.contains("169.254.0.0/16"), "link-local, where cloud metadata services answer: " + config);
        assertTrue(config.contains("fc00::/7"), "IPv6 unique local, fd00:ec2::254 among them: " + config);
    }

    @Test
    void anOpenPolicyWithoutExceptionsAndWithoutKnownHostAddressesHasNoEmptyAcls() {
        String config = SquidConfig.of(NetworkPolicy.open(), "10.213.4.16/28", List.of(), false);
        assertTrue(config.lines().noneMatch(line -> line.matches("acl \\S+ \\S+\\s*")), config);
        assertTrue(config.endsWith("http_access deny private_destinations\nhttp_access allow all\n"), config);
    }

    @Test
    void anEmptyRuleSetRefusesEverythingWithoutEmptyAcls() {
        String config = SquidConfig.of(NetworkPolicy.allow(), "172.30.0.0/16", List.of(), false);
        assertTrue(config.lines().noneMatch(line -> line.matches("acl \\S+ \\S+\\s*")), config);
        assertTrue(config.endsWith("http_access deny all\n"), config);
    }

    @Test
    void aProxyThatInjectsCredentialsDecryptsOnlyWhatTheIncludedRulesSayAndLetsDecryptedRequestsThrough() {
        String config = SquidConfig.of(NetworkPolicy.open(), "10.213.4.16/28", List.of(), true);
        List<String> access = config.lines().filter(line -> line.startsWith("http_access") || line.startsWith("include")).toList();
        // The rules' own refusals (methods, paths) come before anything the policy allows.
        assertEquals(List.of(
                "http_access deny !from_sandbox",
                "http_access deny manager",
                "http_access deny !CONNECT !http_proto !decrypted",
                "include " + SquidConfig.CREDENTIALS,
                "http_access deny private_destinations",
                "http_access allow all"), access);
        assertTrue(config.contains("acl decrypted all-of bump_port https_proto\n"),
                "only what the decrypting port decrypted passes as HTTPS: " + config);
        assertTrue(config.contains("acl from_sandbox src 10.213.4.16/28 127.0.0.1\n"), config);
        // The sandbox's port never decrypts (a refused CONNECT gets its 403); the decrypting one is the proxy's own.
        assertTrue(config.startsWith("# Written by Sandboxes for Java from the sandbox's network policy.\nhttp_port 3128\n"
                + "http_port 127.0.0.1:3129 name=bump ssl-bump "), config);
        assertTrue(config.endsWith("cache_peer_access bumper deny all\n"), "only the rules' hosts go to it: " + config);
    }

    @Test
    void logLinesBecomeEntries() {
        assertEquals(Optional.of(new NetworkLogEntry(Instant.ofEpochMilli(1732670000123L), "CONNECT", "api.example.com", 443, true)),
                SquidConfig.entry("1732670000.123 CONNECT api.example.com:443 TCP_TUNNEL/200"));
        assertEquals(Optional.of(new NetworkLogEntry(Instant.ofEpochMilli(1732670001000L), "GET", "blocked.test", 8080, false)),
                SquidConfig.entry("1732670001.000 GET http://blocked.test:8080/ TCP_DENIED/403"));
        assertTrue(SquidConfig.entry("1732670001.000 GET http://allowed.test/ TCP_MISS/403").orElseThrow().allowed(),
                "a 403 from the server is not the proxy's refusal");
        assertEquals(80, SquidConfig.entry("1732670001.000 GET http://plain.test/x TCP_MISS/200").orElseThrow().port());
        assertEquals(Optional.of(new NetworkLogEntry(Instant.ofEpochMilli(1732670002000L), "POST", "api.example.com", 443, false)),
                SquidConfig.entry("1732670002.000 POST https://api.example.com/v2/admin TCP_DENIED/403"),
                "a decrypted request to a credential rule's host");
        assertEquals(Optional.empty(), SquidConfig.entry("garbage"));
    }

    @Test
    void rulesAreCheckedAndNormalised() {
        assertEquals(List.of("api.example.com", "*.example.com", "10.0.0.0/8"),
                NetworkPolicy.allow(" API.example.com ", "*.example.com", "10.0.0.0/8", "api.example.com").allowed());
        for (String bad : List.of("http://x.com", "ex ample.com", "300.1.1.1", "10.0.0.0/40", "*", "a..b")) {
            org.junit.jupiter.api.Assertions.assertThrows(dev.sandboxes.errors.InvalidSandboxConfigException.class,
                    () -> NetworkPolicy.allow(bad), bad);
        }
    }
}
