package dev.sandboxes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sandboxes.agents.CredentialMode;
import dev.sandboxes.errors.InvalidSandboxConfigException;
import dev.sandboxes.network.CredentialRule;
import dev.sandboxes.network.NetworkPolicy;
import dev.sandboxes.network.Secret;
import dev.sandboxes.spi.SandboxSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Secrets and credential rules: what is accepted, what is refused and how, and that no value is ever shown. */
class CredentialRuleTest {

    private static final String VALUE = "sk-live-0123456789";

    @TempDir
    Path tmp;

    @Test
    void aSecretNeverShowsItsValueAndRefusesWhatCouldBreakOutOfAHeaderWithoutShowingItEither() throws Exception {
        Secret secret = Secret.of(VALUE);
        assertEquals("Secret[****]", secret.toString());
        assertEquals(VALUE, secret.reveal());
        assertEquals(secret, Secret.of(VALUE));
        assertEquals(Secret.of(VALUE), Secret.fromFile(Files.writeString(tmp.resolve("key"), VALUE + "\n")));
        for (String bad : List.of("", "two words", "line\nbreak", "quo\"te", "back\\slash", "caf\u00e9")) {
            InvalidSandboxConfigException refused = assertThrows(InvalidSandboxConfigException.class, () -> Secret.of(bad));
            assertFalse(!bad.isEmpty() && refused.getMessage().contains(bad), refused::getMessage);
        }
        assertTrue(assertThrows(InvalidSandboxConfigException.class, () -> Secret.fromEnv("SANDBOXES_NO_SUCH_VARIABLE"))
                .getMessage().contains("SANDBOXES_NO_SUCH_VARIABLE is not set"));
        assertTrue(assertThrows(InvalidSandboxConfigException.class, () -> Secret.fromFile(tmp.resolve("missing")))
                .getMessage().contains("Cannot read the secret file"));
    }

    @Test
    void aRuleIsCheckedAndPrintsWithoutItsSecret() {
        CredentialRule rule = CredentialRule.header(" API.GitHub.com ", "Authorization", "Bearer {secret}", Secret.of(VALUE))
                .only(Set.of("POST", "GET"), List.of("/repos/"));
        assertEquals("api.github.com", rule.host());
        assertEquals(VALUE, rule.secret().reveal());
        assertEquals("api.github.com Authorization: Bearer {secret} (GET POST /repos/)", rule.toString());
        assertEquals(Secret.of("new"), rule.withSecret(Secret.of("new")).secret());
        assertEquals("*.example.com", CredentialRule.header("*.example.com", "x-api-key", "{secret}", Secret.of(VALUE)).host());
    }

    @Test
    void badRulesAreRefusedSayingWhatToGive() {
        Secret secret = Secret.of(VALUE);
        assertTrue(assertThrows(InvalidSandboxConfigException.class, () -> CredentialRule.header("10.0.0.1", "x-api-key",
                "{secret}", secret)).getMessage().contains("not an address"));
        assertTrue(assertThrows(InvalidSandboxConfigException.class, () -> CredentialRule.header("api.x.com", "Host",
                "{secret}", secret)).getMessage().contains("cannot be a credential header"));
        assertTrue(assertThrows(InvalidSandboxConfigException.class, () -> CredentialRule.header("api.x.com", "x-api-key",
                "no secret here", secret)).getMessage().contains("exactly once"));
        assertThrows(InvalidSandboxConfigException.class, () -> CredentialRule.header("api.x.com", "x-api-key",
                "{secret}{secret}", secret));
        assertThrows(InvalidSandboxConfigException.class, () -> CredentialRule.header("api.x.com", "x-api-key",
                "\"{secret}", secret));
        assertThrows(InvalidSandboxConfigException.class, () -> CredentialRule.header("api.x.com", "bad header",
                "{secret}", secret));
        // Squid's names for every header, and every other one.
        assertThrows(InvalidSandboxConfigException.class, () -> CredentialRule.header("api.x.com", "All", "{secret}", secret));
        assertThrows(InvalidSandboxConfigException.class, () -> CredentialRule.header("api.x.com", "other", "{secret}", secret));
        assertTrue(assertThrows(InvalidSandboxConfigException.class, () -> CredentialRule.header("*.com", "x-api-key",
                "{secret}", secret)).getMessage().contains("top-level domain"));
        CredentialRule rule = CredentialRule.header("api.x.com", "x-api-key", "{secret}", secret);
        assertTrue(assertThrows(InvalidSandboxConfigException.class, () -> rule.only(Set.of("post"), List.of()))
                .getMessage().contains("upper-case"));
        assertTrue(assertThrows(InvalidSandboxConfigException.class, () -> rule.only(Set.of(), List.of("v1/")))
                .getMessage().contains("starts with '/'"));
    }

    @Test
    void rulesNeedAnEgressProxyAndTheBuiltInAgentsDefaultToProxyModeBehindOne() throws Exception {
        Path workspace = Files.createDirectories(tmp.resolve("project"));
        CredentialRule rule = CredentialRule.header("api.x.com", "x-api-key", "{secret}", Secret.of(VALUE));
        for (NetworkPolicy policy : List.of(NetworkPolicy.none(), NetworkPolicy.direct())) {
            assertTrue(assertThrows(InvalidSandboxConfigException.class, () -> Sandboxes.forWorkspace(workspace)
                    .network(policy).credential(rule).freeze()).getMessage().contains("egress proxy"));
            assertThrows(InvalidSandboxConfigException.class, () -> Sandboxes.forWorkspace(workspace).agent("claude")
                    .network(policy).credentials(CredentialMode.PROXY).freeze());
        }
        assertTrue(assertThrows(InvalidSandboxConfigException.class, () -> Sandboxes.forWorkspace(workspace)
                .credentials(CredentialMode.PROXY).freeze()).getMessage().contains("apiKeyHeader"));
        assertTrue(assertThrows(InvalidSandboxConfigException.class, () -> Sandboxes.forWorkspace(workspace)
                .credential(rule).credential(rule.withSecret(Secret.of("other"))).freeze()).getMessage().contains("sent twice"));
        // A key that cannot go into a header fails only where it would: named, never shown.
        InvalidSandboxConfigException badKey = assertThrows(InvalidSandboxConfigException.class, () -> Sandboxes
                .forWorkspace(workspace).agent("claude").apiKey("ANTHROPIC_API_KEY", "sk with space").freeze());
        assertTrue(badKey.getMessage().contains("ANTHROPIC_API_KEY") && !badKey.getMessage().contains("sk with space"),
                badKey::getMessage);
        Sandboxes.forWorkspace(workspace).agent("claude").apiKey("ANTHROPIC_API_KEY", "sk with space")
                .credentials(CredentialMode.ENV).freeze();

        SandboxSpec claude = Sandboxes.forWorkspace(workspace).agent("claude").apiKey("ANTHROPIC_API_KEY", VALUE).freeze();
        assertEquals(CredentialMode.PROXY, claude.credentialsOrDefault());
        CredentialRule agentRule = claude.credentialRulesFor(CredentialMode.PROXY).get(0);
        assertEquals("api.anthropic.com x-api-key: {secret} (GET POST /v1/ /api/)", agentRule.toString());
        assertEquals(VALUE, agentRule.secret().reveal());
        assertEquals(List.of(), claude.credentialRulesFor(CredentialMode.SANDBOX), "no key rule for a sandbox made otherwise");
        CredentialRule own = CredentialRule.header("api.anthropic.com", "X-Api-Key", "{secret}", Secret.of("mine"));
        assertEquals(List.of(own), Sandboxes.forWorkspace(workspace).agent("claude").apiKey("ANTHROPIC_API_KEY", VALUE)
                .credential(own).freeze().credentialRulesFor(CredentialMode.PROXY), "the caller's rule for the same header wins");
        assertEquals(CredentialMode.SANDBOX, Sandboxes.forWorkspace(workspace).agent("claude").network(NetworkPolicy.direct())
                .freeze().credentialsOrDefault());
        assertEquals(CredentialMode.SANDBOX, Sandboxes.forWorkspace(workspace).freeze().credentialsOrDefault());
        assertFalse(claude.toString().contains(VALUE), "a spec prints no secret");
        // What a runtime that cannot inject (an engine over TLS) falls back on: the same spec, asking for SANDBOX.
        SandboxSpec fallback = claude.withCredentials(CredentialMode.SANDBOX);
        assertEquals(CredentialMode.SANDBOX, fallback.credentialsOrDefault());
        assertEquals(claude.withCredentials(CredentialMode.PROXY).injection(), fallback.injection());
        assertEquals(claude.workspace(), fallback.workspace());
    }
}
