package dev.sandboxes.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sandboxes.Sandbox;
import dev.sandboxes.agents.AgentDefinition;
import dev.sandboxes.agents.AgentEvent;
import dev.sandboxes.agents.AgentListener;
import dev.sandboxes.agents.AgentPrompt;
import dev.sandboxes.agents.AgentResult;
import dev.sandboxes.agents.AgentRun;
import dev.sandboxes.exec.ExecHandle;
import dev.sandboxes.exec.ExecListener;
import dev.sandboxes.templates.Template;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Headless and interactive agent runs against the real engine, with the test template's stand-in
 * agent CLI (scripts/build-test-template.sh): no API key exists on test machines.
 */
class AgentRunIT {

    /** An agent of the test template, defined as users define their own. */
    static final AgentDefinition FAKE = AgentDefinition.builder("fake")
            .template(Template.image(DockerTestSupport.TEMPLATE))
            .interactive("fake-agent")
            .headless("fake-agent", "-p", AgentDefinition.PROMPT)
            .jsonLines(true)
            .apiKeyVariables("FAKE_AGENT_API_KEY")
            .build();
    private static final String SECRET = "sk-fake-0123456789-never-shown";

    private final DockerTestSupport support = new DockerTestSupport();

    @AfterEach
    void cleanUp() {
        support.close();
    }

    @Test
    void aHeadlessRunStreamsLinesAndParsedEventsAsTheyComeAndEndsWithTheExitCode() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        List<AgentEvent> events = new CopyOnWriteArrayList<>();
        List<String> errors = new CopyOnWriteArrayList<>();
        AgentListener listener = new AgentListener() {
            public void onLine(String line) {
                lines.add(line);
            }

            public void onEvent(AgentEvent event) {
                events.add(event);
            }

            public void onErrorLine(String line) {
                errors.add(line);
            }
        };
        try (Sandbox sandbox = open("headless")) {
            AgentResult result = sandbox.agent().prompt(AgentPrompt.of("say \"hi\" \\ there").withListener(listener)).await();

            assertEquals(0, result.exitCode(), result::toString);
            assertTrue(result.succeeded());
            assertEquals(List.of("system", "assistant", "result"), result.events().stream().map(AgentEvent::type).toList());
            assertEquals("say \"hi\" \\ there", result.lastEvent("assistant").orElseThrow().string("text").orElseThrow());
            assertEquals(sandbox.workspace().toString(), result.events().get(0).string("cwd").orElseThrow(),
                    "the agent runs in the workspace");
            assertTrue(result.lines().contains("thinking about it"), result.lines()::toString);
            assertEquals("a line on stderr\n", result.stderr());
            assertEquals(result.lines(), lines, "the listener saw every line");
            assertEquals(result.events(), events, "the listener saw every event");
            assertEquals(List.of("a line on stderr"), errors);
        }
    }

    @Test
    void aFailingRunEndsWithItsExitCode() throws Exception {
        try (Sandbox sandbox = open("failing")) {
            AgentResult result = sandbox.agent().prompt("fail please").await();

            assertEquals(3, result.exitCode());
            assertFalse(result.succeeded());
            assertEquals(Boolean.TRUE, result.lastEvent("result").orElseThrow().fields().get("is_error"));
        }
    }

    @Test
    void extraArgumentsFollowTheHeadlessCommand() throws Exception {
        try (Sandbox sandbox = open("args")) {
            AgentResult result = sandbox.agent().prompt(AgentPrompt.of("hello").withArgs("--model", "small")).await();

            assertEquals("--model small", result.events().get(0).string("args").orElseThrow());
        }
    }

    @Test
    void cancelKillsARunningAgent() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        try (Sandbox sandbox = open("cancel")) {
            AgentRun run = sandbox.agent().prompt(AgentPrompt.of("sleep for long").withListener(new AgentListener() {
                public void onLine(String line) {
                    started.countDown();
                }
            }));
            assertTrue(started.await(30, TimeUnit.SECONDS), "the agent printed nothing");
            assertFalse(run.result().isDone());

            run.cancel();
            AgentResult result = run.result().get(30, TimeUnit.SECONDS);

            assertTrue(result.cancelled());
            assertEquals(137, result.exitCode());
            assertTrue(sandbox.exec("sh", "-c", "ps | grep -v grep | grep -c 'sleep 600' || true").stdout().strip().equals("0"),
                    "the agent's processes are gone");
        }
    }

    @Test
    void aRunPastItsTimeLimitIsKilled() throws Exception {
        try (Sandbox sandbox = open("timeout")) {
            AgentResult result = sandbox.agent().prompt(AgentPrompt.of("sleep").withTimeout(Duration.ofSeconds(1))).await();

            assertTrue(result.timedOut());
            assertFalse(result.cancelled());
            assertTrue(result.lines().contains("thinking about it"), "what was printed before is kept");
        }
    }

    @Test
    void anApiKeyReachesTheAgentsRunsOnlyAndIsNeverStoredOrShown() throws Exception {
        Path workspace = support.newWorkspace("key");
        try (Sandbox sandbox = support.builder(workspace).template(Template.image(DockerTestSupport.TEMPLATE))
                .agent(FAKE).apiKey("FAKE_AGENT_API_KEY", SECRET).open()) {
            AgentResult result = sandbox.agent().prompt("hello").await();
            assertEquals("present", result.lastEvent("result").orElseThrow().string("api_key").orElseThrow());

            assertEquals("unset", sandbox.exec("sh", "-c", "echo ${FAKE_AGENT_API_KEY:-unset}").stdout().strip(),
                    "other commands do not get the key");
            assertFalse(sandbox.info().toString().contains(SECRET));
            List<String> containerEnv = List.of(DockerTestSupport.docker().inspectContainerCmd(sandbox.id()).exec()
                    .getConfig().getEnv());
            assertTrue(containerEnv.stream().noneMatch(v -> v.contains(SECRET)), containerEnv::toString);
            assertFalse(sandbox.agent().toString().contains(SECRET));
        }
    }

    @Test
    void anInteractiveSessionHasATerminalTakesInputAndFollowsResizes() throws Exception {
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        ExecListener output = new ExecListener() {
            public void onStdout(byte[] chunk) {
                synchronized (screen) {
                    screen.writeBytes(chunk);
                }
            }
        };
        Supplier<String> shown = () -> {
            synchronized (screen) {
                return screen.toString(StandardCharsets.UTF_8);
            }
        };
        try (Sandbox sandbox = open("interactive")) {
            ExecHandle session = sandbox.agent().interactive(List.of("--resume"), output);
            waitFor(shown, "fake-agent ready: --resume");

            session.stdin().write("hello\n".getBytes(StandardCharsets.UTF_8));
            session.stdin().flush();
            waitFor(shown, "you said: hello");
            session.resizeTerminal(132, 43);
            session.stdin().write("size\n".getBytes(StandardCharsets.UTF_8));
            session.stdin().flush();
            waitFor(shown, "terminal 43 132");
            session.stdin().write("exit\n".getBytes(StandardCharsets.UTF_8));
            session.stdin().flush();

            assertEquals(0, session.result().get(30, TimeUnit.SECONDS).exitCode());
            assertTrue(shown.get().contains("\r\n"), "a terminal ends lines with CR LF");
        }
    }

    private Sandbox open(String name) throws Exception {
        return support.builder(support.newWorkspace(name)).agent(FAKE).open();
    }

    private static void waitFor(Supplier<String> shown, String text) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!shown.get().contains(text)) {
            if (System.nanoTime() > end) {
                throw new AssertionError("'" + text + "' never appeared; the terminal shows:\n" + shown.get());
            }
            Thread.sleep(20);
        }
    }
}
