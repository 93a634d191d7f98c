/**
 * Implementation classes of the API. Not for users: nothing here is stable, and any of it may
 * change or go away in any release.
 */
package dev.sandboxes.internal;
