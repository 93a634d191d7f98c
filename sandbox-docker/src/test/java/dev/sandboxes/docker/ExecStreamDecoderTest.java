package dev.sandboxes.docker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Docker's multiplexed and raw exec streams, built byte by byte and read back in awkward slices. */
class ExecStreamDecoderTest {

    private static final int STDIN = 0;
    private static final int STDOUT = 1;
    private static final int STDERR = 2;
    private static final int SYSTEM_ERR = 3;

    private final Recorder sink = new Recorder();

    @Test
    void whatAnEngineSendsForEchoToBothStreamsIsSplitInOrder() throws IOException {
        // What an engine sends for `sh -c 'echo out; echo err >&2; echo more'`: a frame per write.
        byte[] recorded = bytes(0x01, 0, 0, 0, 0, 0, 0, 4, 'o', 'u', 't', '\n',
                0x02, 0, 0, 0, 0, 0, 0, 4, 'e', 'r', 'r', '\n',
                0x01, 0, 0, 0, 0, 0, 0, 5, 'm', 'o', 'r', 'e', '\n');

        ExecStreamDecoder.decode(new ByteArrayInputStream(recorded), false, sink);

        assertEquals(List.of("out:out\n", "err:err\n", "out:more\n"), sink.chunks());
    }

    @Test
    void theEnginesOwnErrorsGoToStderrAndAnythingElseToStdout() throws IOException {
        byte[] stream = concat(frame(SYSTEM_ERR, "oci"), frame(STDIN, "in"), frame(STDOUT, "out"), frame(STDERR, "err"));

        ExecStreamDecoder.decode(new ByteArrayInputStream(stream), false, sink);

        assertEquals(List.of("err:oci", "out:in", "out:out", "err:err"), sink.chunks());
    }

    @ParameterizedTest(name = "header cut after {0} bytes")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7})
    void aHeaderSplitAcrossReadsIsReassembled(int cut) throws IOException {
        byte[] stream = concat(frame(STDOUT, "first"), frame(STDERR, "second"));
        int secondHeader = frame(STDOUT, "first").length;

        ExecStreamDecoder.decode(new Slices(stream, secondHeader + cut), false, sink);

        assertEquals("first", sink.stdout());
        assertEquals("second", sink.stderr());
    }

    @Test
    void aStreamReadOneByteAtATimeDecodesTheSame() throws IOException {
        byte[] stream = concat(frame(STDOUT, "one"), frame(STDERR, "two"), frame(STDOUT, "three"));

        ExecStreamDecoder.decode(new Trickle(stream, 1), false, sink);

        assertEquals("onethree", sink.stdout());
        assertEquals("two", sink.stderr());
    }

    @Test
    void aPayloadSplitAcrossReadsIsHandedOnAsItArrives() throws IOException {
        byte[] stream = frame(STDOUT, "hello, world");

        ExecStreamDecoder.decode(new Slices(stream, 8 + 5), false, sink);

        assertEquals(List.of("out:hello", "out:, world"), sink.chunks());
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {ExecStreamDecoder.CHUNK - 1, ExecStreamDecoder.CHUNK, ExecStreamDecoder.CHUNK + 1, 5 * 1024 * 1024 + 3})
    void aLargeFrameComesWholeInChunksOfAtMost64KiB(int size) throws IOException {
        byte[] payload = randomBytes(size);
        byte[] stream = concat(frame(STDERR, payload), frame(STDOUT, "after"));

        ExecStreamDecoder.decode(new ByteArrayInputStream(stream), false, sink);

        assertArrayEquals(payload, sink.stderrBytes());
        assertEquals("after", sink.stdout());
        assertTrue(sink.largestChunk() <= ExecStreamDecoder.CHUNK, "largest chunk " + sink.largestChunk());
    }

    @Test
    void emptyFramesAreSkipped() throws IOException {
        byte[] stream = concat(frame(STDOUT, ""), frame(STDOUT, "a"), frame(STDERR, ""), frame(STDOUT, "b"), frame(STDOUT, ""));

        ExecStreamDecoder.decode(new ByteArrayInputStream(stream), false, sink);

        assertEquals(List.of("out:a", "out:b"), sink.chunks());
    }

    @Test
    void anEmptyStreamIsACommandWithoutOutput() throws IOException {
        ExecStreamDecoder.decode(new ByteArrayInputStream(new byte[0]), false, sink);

        assertEquals(List.of(), sink.chunks());
    }

    @Test
    void theEndInsideAHeaderIsACut() {
        byte[] stream = concat(frame(STDOUT, "whole"), Arrays.copyOf(frame(STDOUT, "x"), 5));

        EOFException e = assertThrows(EOFException.class,
                () -> ExecStreamDecoder.decode(new ByteArrayInputStream(stream), false, sink));

        assertEquals("The exec stream ended inside a frame", e.getMessage());
        assertEquals("whole", sink.stdout());
    }

    @Test
    void theEndInsideAPayloadIsACutAfterWhatDidArrive() {
        byte[] full = frame(STDERR, "truncated");
        byte[] stream = Arrays.copyOf(full, full.length - 3);

        EOFException e = assertThrows(EOFException.class,
                () -> ExecStreamDecoder.decode(new ByteArrayInputStream(stream), false, sink));

        assertEquals("The exec stream ended inside a frame", e.getMessage());
        assertEquals("trunca", sink.stderr());
    }

    @Test
    void aTerminalsRawStreamIsAllStdoutAsIs() throws IOException {
        // Starts like a stdout header: a terminal's output must not be taken for one.
        byte[] stream = concat(bytes(0x01, 0, 0, 0, 0, 0, 0, 2), "$ ls\r\nREADME\r\n".getBytes(StandardCharsets.UTF_8));

        ExecStreamDecoder.decode(new Trickle(stream, 3), true, sink);

        assertArrayEquals(stream, sink.stdoutBytes());
        assertEquals("", sink.stderr());
    }

    @Test
    void aLargeRawStreamComesInChunksOfAtMost64KiB() throws IOException {
        byte[] stream = randomBytes(3 * ExecStreamDecoder.CHUNK + 17);

        ExecStreamDecoder.decode(new ByteArrayInputStream(stream), true, sink);

        assertArrayEquals(stream, sink.stdoutBytes());
        assertTrue(sink.largestChunk() <= ExecStreamDecoder.CHUNK, "largest chunk " + sink.largestChunk());
    }

    @Test
    void theLengthIsBigEndianAndUnsigned() {
        assertEquals(65_536L, ExecStreamDecoder.payloadLength(bytes(1, 0, 0, 0, 0, 1, 0, 0)));
        assertEquals(258L, ExecStreamDecoder.payloadLength(bytes(1, 0, 0, 0, 0, 0, 1, 2)));
        assertEquals(4_294_967_295L, ExecStreamDecoder.payloadLength(bytes(1, 0, 0, 0, 0xff, 0xff, 0xff, 0xff)));
    }

    static byte[] frame(int stream, String payload) {
        return frame(stream, payload.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] frame(int stream, byte[] payload) {
        int n = payload.length;
        return concat(bytes(stream, 0, 0, 0, n >>> 24, n >>> 16, n >>> 8, n), payload);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            all.writeBytes(part);
        }
        return all.toByteArray();
    }

    private static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    private static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    /** Keeps what the decoder hands on, and how it was cut. */
    static final class Recorder implements ExecStreamDecoder.Sink {
        private final List<byte[]> chunks = new ArrayList<>();
        private final List<Boolean> toStderr = new ArrayList<>();

        @Override
        public void accept(boolean stderr, byte[] chunk, int length) {
            chunks.add(Arrays.copyOf(chunk, length));
            toStderr.add(stderr);
        }

        List<String> chunks() {
            List<String> described = new ArrayList<>();
            for (int i = 0; i < chunks.size(); i++) {
                described.add((toStderr.get(i) ? "err:" : "out:") + new String(chunks.get(i), StandardCharsets.UTF_8));
            }
            return described;
        }

        String stdout() {
            return new String(stdoutBytes(), StandardCharsets.UTF_8);
        }

        String stderr() {
            return new String(stderrBytes(), StandardCharsets.UTF_8);
        }

        byte[] stdoutBytes() {
            return joined(false);
        }

        byte[] stderrBytes() {
            return joined(true);
        }

        int largestChunk() {
            return chunks.stream().mapToInt(chunk -> chunk.length).max().orElse(0);
        }

        private byte[] joined(boolean stderr) {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            for (int i = 0; i < chunks.size(); i++) {
                if (toStderr.get(i) == stderr) {
                    all.writeBytes(chunks.get(i));
                }
            }
            return all.toByteArray();
        }
    }

    /** A stream that never returns more than {@code most} bytes from one read, like a slow socket. */
    private static final class Trickle extends InputStream {
        private final ByteArrayInputStream bytes;
        private final int most;

        Trickle(byte[] bytes, int most) {
            this.bytes = new ByteArrayInputStream(bytes);
            this.most = most;
        }

        @Override
        public int read() {
            return bytes.read();
        }

        @Override
        public int read(byte[] target, int offset, int length) {
            return bytes.read(target, offset, Math.min(length, most));
        }
    }

    /** A stream whose reads stop at the given offsets, as if each part came in a packet of its own. */
    private static final class Slices extends InputStream {
        private final ByteArrayInputStream bytes;
        private final int[] cuts;
        private int position;

        Slices(byte[] bytes, int... cuts) {
            this.bytes = new ByteArrayInputStream(bytes);
            this.cuts = cuts;
        }

        @Override
        public int read() {
            int next = bytes.read();
            position += next < 0 ? 0 : 1;
            return next;
        }

        @Override
        public int read(byte[] target, int offset, int length) {
            int limit = length;
            for (int cut : cuts) {
                if (cut > position) {
                    limit = Math.min(limit, cut - position);
                    break;
                }
            }
            int read = bytes.read(target, offset, limit);
            position += Math.max(read, 0);
            return read;
        }
    }
}
