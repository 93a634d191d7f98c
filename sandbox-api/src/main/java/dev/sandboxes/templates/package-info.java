/**
 * What sandboxes are made from: an image, or a Dockerfile the library builds (the shipped toolbox
 * and the agents' templates are resources under this package), the settings of builds, built
 * images and build progress. Depends on {@code errors} only.
 *
 * <pre>{@code
 * Sandboxes.forWorkspace(dir).template(Template.image("node:22")).open();
 * }</pre>
 */
package dev.sandboxes.templates;
