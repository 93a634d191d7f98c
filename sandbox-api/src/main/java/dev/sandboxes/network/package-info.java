/**
 * What a sandbox may reach and what its egress proxy does: the network policy, published ports,
 * credential rules with their secrets, and the proxy's log. Depends on {@code errors} only.
 *
 * <pre>{@code
 * Sandboxes.forWorkspace(dir).network(NetworkPolicy.allow("registry.npmjs.org")).open();
 * }</pre>
 */
package dev.sandboxes.network;
