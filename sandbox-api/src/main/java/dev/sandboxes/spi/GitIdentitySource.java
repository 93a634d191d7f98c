package dev.sandboxes.spi;

import dev.sandboxes.git.GitIdentity;
import java.util.Optional;

/**
 * Where a new sandbox's git identity comes from. Runtimes call it only when they create a sandbox,
 * never on reuse: looking up the host's identity runs {@code git}, which a warm open must not pay.
 *
 * <pre>{@code
 * Optional<GitIdentity> identity = spec.gitIdentity().resolve();
 * }</pre>
 */
@FunctionalInterface
public interface GitIdentitySource {

    /** No identity: commits inside need one configured there. */
    GitIdentitySource NONE = Optional::empty;

    /** The identity, or empty when none is known (not an error). */
    Optional<GitIdentity> resolve();

    /** A fixed identity. */
    static GitIdentitySource of(GitIdentity identity) {
        Optional<GitIdentity> fixed = Optional.of(identity);
        return () -> fixed;
    }
}
