package dev.sandboxes.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.PullResponseItem;
import com.github.dockerjava.api.model.ResponseItem;
import dev.sandboxes.core.SandboxListener;
import dev.sandboxes.errors.SandboxException;
import dev.sandboxes.templates.TemplateNotFoundException;
import dev.sandboxes.templates.TemplateProgress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Pulls a template image the caller named when the engine does not have it. */
final class ImagePuller {

    private static final Logger LOG = LoggerFactory.getLogger(ImagePuller.class);

    private final DockerClient client;
    private final DockerErrors errors;
    private final DockerEndpoint endpoint;

    ImagePuller(DockerClient client, DockerErrors errors, DockerEndpoint endpoint) {
        this.client = client;
        this.errors = errors;
        this.endpoint = endpoint;
    }

    /** The engine's id of the image, when the engine has it. */
    Optional<String> localId(String image) {
        return errors.call("inspect the image " + image, () -> {
            try {
                return Optional.of(client.inspectImageCmd(image).exec().getId());
            } catch (NotFoundException missing) {
                return Optional.empty();
            }
        });
    }

    /**
     * @throws TemplateNotFoundException when the registry does not have it or cannot be reached
     */
    void pull(String image, Duration timeout, SandboxListener listener) {
        LOG.info("Template image {} is not on the engine; pulling it", image);
        listener.onTemplateProgress(new TemplateProgress(image, TemplateProgress.Kind.STARTED, "pulling " + image, 0, 0));
        PullCallback callback = new PullCallback(image, listener);
        try {
            client.pullImageCmd(image).exec(callback);
            boolean done = callback.awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!done) {
                throw new TemplateNotFoundException(image, "Pulling the template image '" + image
                        + "' did not finish within " + timeout + ". Pull it yourself (docker pull " + image
                        + ") or raise openTimeout(...).", null);
            }
            callback.rethrowFailure();
            listener.onTemplateProgress(new TemplateProgress(image, TemplateProgress.Kind.DONE, image, 0, 0));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxException("Interrupted while pulling the template image " + image, e);
        } catch (DockerException | PullFailedException e) {
            throw new TemplateNotFoundException(image, "The template image '" + image + "' is not on the Docker engine at "
                    + endpoint.host() + ", and pulling it failed: " + reason(e)
                    + ". Build or pull the image first, or pass an image that exists to template(...).", e);
        } catch (RuntimeException e) {
            throw errors.translate("pull the template image " + image, e);
        } finally {
            callback.closeQuietly();
        }
    }

    /** One layer's status in a pull's stream (or a build's, when it pulls its FROM image), as progress. */
    static TemplateProgress layerProgress(String template, ResponseItem item) {
        ResponseItem.ProgressDetail detail = item.getProgressDetail();
        long current = detail != null && detail.getCurrent() != null ? detail.getCurrent() : 0;
        long total = detail != null && detail.getTotal() != null ? detail.getTotal() : 0;
        return new TemplateProgress(template, TemplateProgress.Kind.LAYER, item.getId() + " " + item.getStatus(), current, total);
    }

    private static String reason(RuntimeException e) {
        return e instanceof DockerException docker ? DockerErrors.engineMessage(docker) : e.getMessage();
    }

    /** An error reported inside the pull's progress stream rather than as an HTTP status. */
    private static final class PullFailedException extends RuntimeException {
        PullFailedException(String message) {
            super(message);
        }
    }

    /** Turns the pull's stream into progress per layer. */
    private static final class PullCallback extends QuietCallback<PullResponseItem> {
        private final String image;
        private final SandboxListener listener;

        PullCallback(String image, SandboxListener listener) {
            this.image = image;
            this.listener = listener;
        }

        @Override
        public void onNext(PullResponseItem item) {
            if (item.isErrorIndicated()) {
                onError(new PullFailedException(item.getErrorDetail() != null && item.getErrorDetail().getMessage() != null
                        ? item.getErrorDetail().getMessage() : "the registry reported an error"));
                return;
            }
            if (item.getId() != null && item.getStatus() != null) {
                listener.onTemplateProgress(layerProgress(image, item));
            }
        }
    }
}
