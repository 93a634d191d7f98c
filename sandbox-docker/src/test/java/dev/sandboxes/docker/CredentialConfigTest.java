package dev.sandboxes.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sandboxes.network.CredentialRule;
import dev.sandboxes.network.Secret;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CredentialConfigTest {

    private static final Secret SECRET = Secret.of("sk-live-1234%5Bx");

    @Test
    void eachRuleRemovesTheSandboxsHeaderThenSetsTheSecretOnDecryptedRequestsToItsHostOnly() {
        String config = CredentialConfig.of(List.of(
                CredentialRule.header("api.example.com", "Authorization", "Bearer {secret}", SECRET),
                CredentialRule.header("*.example.org", "x-api-key", "{secret}", Secret.of("k2"))));
        assertEquals(List.of(
                "# Written by Sandboxes for Java: the sandbox's credential rules.",
                "acl credential_hosts dstdomain -n api.example.com .example.org",
                "cache_peer_access bumper allow CONNECT credential_hosts !bump_port",
                "never_direct allow CONNECT credential_hosts !bump_port",
                "acl credential_trace method TRACE TRACK",
                "acl credential_unsafe_paths urlpath_regex (^|/)\\.\\.?(/|$) %2[eEfF] //",
                "acl credential_1 dstdomain -n api.example.com",
                "acl credential_1_tunnel ssl::server_name --consensus api.example.com",
                "http_access deny credential_1 decrypted !credential_1_tunnel",
                "http_access deny credential_1 decrypted credential_trace",
                "request_header_access Authorization deny credential_1 decrypted",
                // % is a macro to Squid: doubled.
                "request_header_add Authorization \"Bearer sk-live-1234%%5Bx\" credential_1 credential_1_tunnel decrypted",
                "acl credential_2 dstdomain -n .example.org",
                "acl credential_2_tunnel ssl::server_name --consensus .example.org",
                "http_access deny credential_2 decrypted !credential_2_tunnel",
                "http_access deny credential_2 decrypted credential_trace",
                "request_header_access x-api-key deny credential_2 decrypted",
                "request_header_add x-api-key \"k2\" credential_2 credential_2_tunnel decrypted"), config.lines().toList());
    }

    @Test
    void methodsAndPathsARuleDoesNotAllowAreRefusedOnItsHost() {
        String config = CredentialConfig.of(List.of(CredentialRule.header("api.example.com", "x-api-key", "{secret}", SECRET)
                .only(Set.of("POST", "GET"), List.of("/v1/messages", "/api/a.b+c"))));
        assertTrue(config.contains("acl credential_1_methods method GET POST\n"
                + "http_access deny credential_1 decrypted !credential_1_methods\n"), config);
        // Literal prefixes: POSIX regular expressions without \Q...\E.
        assertTrue(config.contains("acl credential_1_paths urlpath_regex ^/v1/messages ^/api/a\\.b\\+c\n"
                + "http_access deny credential_1 decrypted !credential_1_paths\n"
                + "http_access deny credential_1 decrypted credential_unsafe_paths\n"), config);
    }

    @Test
    void theShapeIsTheSameConfigurationWithoutAnySecret() {
        List<CredentialRule> rules = List.of(CredentialRule.header("api.example.com", "Authorization", "Bearer {secret}", SECRET));
        String shape = CredentialConfig.shapeOf(rules);
        assertFalse(shape.contains(SECRET.reveal()), shape);
        assertEquals(CredentialConfig.of(rules).replace("sk-live-1234%%5Bx", CredentialConfig.MASK), shape);
    }

    @Test
    void noRulesNoConfiguration() {
        assertEquals("", CredentialConfig.of(List.of()));
    }
}
