package dev.sandboxes.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sandboxes.errors.InvalidSandboxConfigException;
import java.util.List;
import org.junit.jupiter.api.Test;

class EgressNetworksTest {

    @Test
    void theProxyTakesTheHighestHostAddressOfTheBlock() {
        assertEquals("10.213.4.30", EgressNetworks.lastHostAddress("10.213.4.16/28"));
        assertEquals("10.213.0.14", EgressNetworks.lastHostAddress("10.213.0.0/28"));
        assertEquals("192.168.255.254", EgressNetworks.lastHostAddress("192.168.0.0/16"));
    }

    @Test
    void aPoolThatIsNotAnIpv4BlockOfAtLeastASixteenthIsRefusedWithTheVariableNamed() {
        for (String bad : List.of("10.213.0.0/29", "fd00::/64", "pool", "10.213.0.0")) {
            InvalidSandboxConfigException refused = assertThrows(InvalidSandboxConfigException.class,
                    () -> new EgressNetworks(null, bad), bad);
            assertTrue(refused.getMessage().contains(EgressNetworks.POOL_VARIABLE), refused.getMessage());
        }
    }

    @Test
    void theHostsAddressesAreReadFromHostnameOutput() {
        assertEquals(List.of("192.0.2.2", "172.17.0.1", "fd00::2"),
                HostAddresses.parse("192.0.2.2 172.17.0.1 fd00::2 172.17.0.1 \n"));
        assertEquals(List.of(), HostAddresses.parse("\n"));
    }
}
