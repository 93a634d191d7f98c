package dev.sandboxes.examples.cli;

import dev.sandboxes.Sandbox;
import dev.sandboxes.Sandboxes;
import dev.sandboxes.exec.ExecHandle;
import dev.sandboxes.exec.ExecListener;
import dev.sandboxes.exec.ExecRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sandbox exec [-i] [-t] SANDBOX CMD...}: its exit code becomes the CLI's. */
@Command(name = "exec", mixinStandardHelpOptions = true,
        description = "Run a command in a running sandbox; its exit code becomes this one's.")
final class ExecCommand implements Callable<Integer> {

    @Option(names = {"-i", "--interactive"}, description = "Give the command this process's standard input.")
    boolean interactive;

    @Option(names = {"-t", "--tty"}, description = "Run the command on a terminal (with -i: this one, in raw mode).")
    boolean tty;

    @Option(names = {"-e", "--env"}, paramLabel = "KEY=VAL", description = "Set an environment variable for this command.")
    List<String> env = new ArrayList<>();

    @Option(names = {"-u", "--user"}, description = "Run as this user (root, or agent, the default).")
    String user;

    @Option(names = {"-w", "--workdir"}, paramLabel = "DIR", description = "Run in this folder (default: the workspace).")
    String workdir;

    @Parameters(index = "0", paramLabel = "SANDBOX", description = "The sandbox: id, unique id prefix, or name.")
    String sandboxName;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "COMMAND", description = "The command and its arguments.")
    List<String> command = new ArrayList<>();

    @Override
    public Integer call() throws InterruptedException {
        List<String> argv = OptionValues.passedOn(command);
        if (argv.isEmpty()) {
            throw new OptionValues.BadValueException("no command after --: say what to run in " + sandboxName + ".");
        }
        ExecRequest request = ExecRequest.of(argv);
        for (String value : env) {
            Map.Entry<String, String> variable = OptionValues.env(value, System::getenv);
            request = request.withEnv(variable.getKey(), variable.getValue());
        }
        if (user != null) {
            request = user.equals("root") || user.equals("0") ? request.asRoot() : request.asUser(user);
        }
        if (workdir != null) {
            request = request.inDirectory(workdir);
        }
        try (Sandbox sandbox = Sandboxes.attach(sandboxName)) {
            ExecRequest asked = request;
            if (tty && interactive) {
                return TerminalSession.attach(output -> sandbox.start(asked.withTty(true).withStdinOpen().withListener(output)));
            }
            ExecRequest streamed = asked.withTty(tty).withListener(new ExecListener() {
                @Override
                public void onStdout(byte[] chunk) {
                    System.out.write(chunk, 0, chunk.length);
                    System.out.flush();
                }

                @Override
                public void onStderr(byte[] chunk) {
                    System.err.write(chunk, 0, chunk.length);
                    System.err.flush();
                }
            });
            ExecHandle handle = sandbox.start(interactive ? streamed.withStdinOpen() : streamed);
            if (interactive) {
                Thread feeder = new Thread(() -> feed(System.in, handle.stdin()), "sandbox-stdin");
                feeder.setDaemon(true);
                feeder.start();
            }
            return Await.exitCode(handle);
        }
    }

    /** Copies this process's input to the command's, and ends the command's at end-of-file. */
    private static void feed(InputStream in, OutputStream stdin) {
        try (stdin) {
            in.transferTo(stdin);
        } catch (IOException e) {
            // The command ended first: what is left of the input is not wanted.
        }
    }
}
