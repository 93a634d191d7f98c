package dev.sandboxes.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes the probes ({@link ImageFactsReader}) whose process died before it could remove them
 * itself: a process killed while it read a template leaves one, never started, holding nothing.
 * Only probes whose owner is provably dead go ({@link ProcessOwner#provablyDead()}); another live
 * process's probe, or one that records no owner, stays.
 */
final class LeftoverProbes {

    private static final Logger LOG = LoggerFactory.getLogger(LeftoverProbes.class);

    private final DockerClient client;
    private final DockerErrors errors;

    LeftoverProbes(DockerClient client, DockerErrors errors) {
        this.client = client;
        this.errors = errors;
    }

    /**
     * @return what was removed, for people: {@code "probe 3f2a1b9c0d4e of process 4242"}
     * @throws dev.sandboxes.errors.SandboxException when the engine cannot list them
     */
    List<String> removeDead() {
        List<Container> probes = errors.call("list the containers that read templates", () -> client.listContainersCmd()
                .withShowAll(true).withLabelFilter(Map.of(ImageFactsReader.PROBE_LABEL, "true")).exec());
        List<String> removed = new ArrayList<>();
        for (Container probe : probes) {
            Optional<ProcessOwner> deadOwner = ProcessOwner.of(probe.getLabels()).filter(ProcessOwner::provablyDead);
            if (deadOwner.isPresent() && remove(probe.getId())) {
                removed.add("probe " + probe.getId().substring(0, 12) + " of process " + deadOwner.get().pid());
            }
        }
        return removed;
    }

    /** False when the engine would not remove it (it is being removed already, or the connection failed): the next sweep tries again. */
    private boolean remove(String probeId) {
        try {
            client.removeContainerCmd(probeId).withForce(true).withRemoveVolumes(true).exec();
            return true;
        } catch (NotFoundException gone) {
            return false;  // another process removed it a moment ago
        } catch (RuntimeException refused) {
            // docker-java's own types, or its transport's: logged, never thrown.
            LOG.debug("Could not remove leftover probe {}", probeId, refused);
            return false;
        }
    }

    /** {@link #removeDead()} as a side errand: whatever goes wrong is logged, never thrown. */
    void removeDeadQuietly() {
        try {
            List<String> removed = removeDead();
            if (!removed.isEmpty()) {
                LOG.debug("Removed what dead processes left: {}", removed);
            }
        } catch (RuntimeException e) {
            LOG.debug("Could not remove leftover probes", e);
        }
    }
}
