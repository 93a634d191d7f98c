/**
 * Implementation classes of the API. Not for users: nothing here is stable, and any of it may
 * change or go away in any release. Depends on the SPI and the value packages, never on
 * {@code dev.sandboxes} (which depends on it); runtimes never import it. The module exports it
 * only to the testkit (its leak check and runtime selection).
 */
package dev.sandboxes.internal;
