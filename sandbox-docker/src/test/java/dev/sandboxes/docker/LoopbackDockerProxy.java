package dev.sandboxes.docker;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A second endpoint for the same engine: a TCP listener on 127.0.0.1 that relays every connection
 * to the engine's Unix socket, counting them, so a test can prove a runtime talked through it, and
 * dropping them all at once, as a network that fails would.
 */
final class LoopbackDockerProxy implements AutoCloseable {

    private final ServerSocketChannel server;
    private final Path engineSocket;
    private final AtomicInteger connections = new AtomicInteger();
    private final Set<SocketChannel> open = ConcurrentHashMap.newKeySet();
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "loopback-docker-proxy");
        thread.setDaemon(true);
        return thread;
    });

    LoopbackDockerProxy(Path engineSocket) throws IOException {
        this.engineSocket = engineSocket;
        this.server = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        threads.execute(this::acceptLoop);
    }

    URI tcpAddress() throws IOException {
        InetSocketAddress address = (InetSocketAddress) server.getLocalAddress();
        return URI.create("tcp://127.0.0.1:" + address.getPort());
    }

    int connections() {
        return connections.get();
    }

    /** Cuts every connection relayed now; later ones are relayed as before. */
    void dropConnections() {
        open.forEach(LoopbackDockerProxy::closeQuietly);
        open.clear();
    }

    @Override
    public void close() throws IOException {
        server.close();
        threads.shutdownNow();
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            try {
                SocketChannel client = server.accept();
                SocketChannel engine = SocketChannel.open(UnixDomainSocketAddress.of(engineSocket));
                connections.incrementAndGet();
                open.add(client);
                open.add(engine);
                threads.execute(() -> pump(client, engine));
                threads.execute(() -> pump(engine, client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void pump(SocketChannel from, SocketChannel to) {
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        try {
            while (from.read(buffer) >= 0) {
                buffer.flip();
                while (buffer.hasRemaining()) {
                    to.write(buffer);
                }
                buffer.clear();
            }
            to.shutdownOutput();
        } catch (IOException e) {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Already broken; nothing more to release.
        }
    }
}
