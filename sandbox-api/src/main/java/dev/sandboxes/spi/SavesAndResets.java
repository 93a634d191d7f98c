package dev.sandboxes.spi;

import dev.sandboxes.core.SandboxListener;
import dev.sandboxes.core.SandboxSummary;

/**
 * A runtime that saves a sandbox as an image (a template of new sandboxes) and makes a sandbox afresh
 * from its template.
 *
 * <pre>{@code
 * String imageId = ((SavesAndResets) runtime).save(sandboxId, "my-sandboxes/with-deps:1");
 * }</pre>
 */
public interface SavesAndResets extends SandboxRuntime {

    /**
     * Saves the sandbox's state as an image of that name, usable as a template for new sandboxes;
     * secret variables are saved empty and no credentials go in.
     *
     * @return the image's id
     */
    String save(String sandboxId, String image);

    /**
     * Makes the sandbox afresh from its template, with the same settings, workspace and credentials
     * volume; everything else in it is dropped.
     *
     * @param gitIdentity the identity the new sandbox's commits carry, as the API decides it
     * @return the new sandbox (a new id)
     */
    SandboxSummary reset(String sandboxId, GitIdentitySource gitIdentity, SandboxListener listener);
}
