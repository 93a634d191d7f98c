package dev.sandboxes.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.exception.NotFoundException;
import dev.sandboxes.Sandbox;
import dev.sandboxes.Sandboxes;
import dev.sandboxes.core.Prune;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Probes (containers that read a template, never started) left by processes that died are removed
 * by the next creating open, by prune, and by the testkit's reaper; those of live processes, of
 * other machines, or that record no owner, never. Probes are staged as a dying process leaves them.
 */
class LeftoverProbesIT {

    private final DockerTestSupport support = new DockerTestSupport();
    private final List<String> staged = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        processes.forEach(Process::destroyForcibly);
        for (String probe : staged) {
            try {
                DockerTestSupport.docker().removeContainerCmd(probe).withForce(true).exec();
            } catch (NotFoundException removed) {
                // The sweep's work.
            }
        }
        support.close();
    }

    @Test
    void theNextCreatingOpenRemovesTheProbesOfDeadProcessesOnlyAndPruneThoseThatDiedSince() throws Exception {
        ProcessOwner deadOwner = endedProcess();
        Process running = process();
        ProcessOwner liveOwner = ownerOf(running);
        String machine = ProcessOwner.current().machine();

        String ofDead = stage(deadOwner.labels());
        String ofLive = stage(liveOwner.labels());
        String ofAnotherMachine = stage(new ProcessOwner("linux:another-boot:pid:[1]", deadOwner.pid(), deadOwner.started()).labels());
        String unowned = stage(Map.of());

        try (Sandbox sandbox = support.builder(support.newWorkspace("sweep")).open()) {
            assertEquals("swept\n", sandbox.exec("echo", "swept").stdout());
        }
        assertEquals(Set.of(ofLive, ofAnotherMachine, unowned), probesAmong(ofDead, ofLive, ofAnotherMachine, unowned),
                "only the dead process's probe goes (machine " + machine + ")");

        end(running);
        // A prune that names no sandbox at all still takes what the process that just died left.
        assertEquals(List.of(), Sandboxes.manager(DockerTestSupport.runtime())
                .prune(Prune.stoppedFor(Duration.ofDays(3650)).within(support.newWorkspace("nothing-here"))));
        assertEquals(Set.of(ofAnotherMachine, unowned), probesAmong(ofLive, ofAnotherMachine, unowned));
    }

    @Test
    void aDryRunPruneRemovesNothing() throws Exception {
        ProcessOwner deadOwner = endedProcess();
        String ofDead = stage(deadOwner.labels());

        Sandboxes.manager(DockerTestSupport.runtime())
                .prune(Prune.stoppedFor(Duration.ofDays(3650)).within(support.newWorkspace("nothing-here")).dryRun());
        assertEquals(Set.of(ofDead), probesAmong(ofDead));
        List<String> removed = DockerTestSupport.runtime().removeLeftovers();
        assertTrue(removed.contains("probe " + ofDead.substring(0, 12) + " of process " + deadOwner.pid()), removed.toString());
        assertEquals(Set.of(), probesAmong(ofDead));
    }

    /** {@code cat}: it runs until the test closes its input. */
    private Process process() throws Exception {
        Process cat = new ProcessBuilder("cat").start();
        processes.add(cat);
        return cat;
    }

    /** The owner record of a process that ran and has ended, as a killed opener leaves it in its probe's labels. */
    private ProcessOwner endedProcess() throws Exception {
        Process cat = process();
        ProcessOwner owner = ownerOf(cat);
        end(cat);
        return owner;
    }

    private static void end(Process cat) throws Exception {
        cat.getOutputStream().close();
        assertTrue(cat.waitFor(10, TimeUnit.SECONDS), "cat did not end at the end of its input");
    }

    private static ProcessOwner ownerOf(Process process) {
        return ProcessOwner.of(process.pid());
    }

    /** A probe as {@link ImageFactsReader} makes one, with these owner labels: created, never started. */
    private String stage(Map<String, String> ownerLabels) {
        Map<String, String> labels = new HashMap<>(ownerLabels);
        labels.put(ImageFactsReader.PROBE_LABEL, "true");
        labels.putAll(EngineObjects.Role.PROBE.label());
        String id = DockerTestSupport.docker().createContainerCmd(DockerTestSupport.TEMPLATE).withEntrypoint("/bin/sh")
                .withLabels(labels).exec().getId();
        staged.add(id);
        return id;
    }

    /** Which of these probes are still on the engine. */
    private static Set<String> probesAmong(String... ids) {
        Set<String> wanted = Set.of(ids);
        return DockerTestSupport.docker().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(ImageFactsReader.PROBE_LABEL, "true")).exec().stream()
                .map(c -> c.getId()).filter(wanted::contains).collect(Collectors.toSet());
    }
}
