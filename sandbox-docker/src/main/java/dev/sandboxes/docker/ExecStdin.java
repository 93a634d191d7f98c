package dev.sandboxes.docker;

import java.io.IOException;
import java.io.OutputStream;

/** The caller's end of a command's standard input; closing it is the command's end-of-file. */
final class ExecStdin extends OutputStream {

    private final ExecConnection connection;
    private final String program;

    ExecStdin(ExecConnection connection, String program) {
        this.connection = connection;
        this.program = program;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        try {
            connection.write(b, off, len);
        } catch (IOException e) {
            throw new IOException("The command " + program + " no longer reads its input: it has ended.", e);
        }
    }

    @Override
    public void close() throws IOException {
        connection.closeStdin();
    }
}
