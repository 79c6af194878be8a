package dev.pipeline.delivery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Many partners reading SSE streams as fast as they arrive, on one thread (a thread per connection would not fit a
 * test): each connection collects the event ids its messages carry in their data, and whether the server ended it.
 */
public final class FanOutReaders implements AutoCloseable {

    /** One reading connection. */
    public static final class Reader {
        private final SocketChannel channel;
        private final StringBuilder line = new StringBuilder();
        private final Set<String> eventIds = new HashSet<>();
        private volatile int received;
        private volatile boolean ended;
        private volatile boolean open;

        Reader(SocketChannel channel) {
            this.channel = channel;
        }

        /** Distinct event ids received, in any order. */
        public synchronized Set<String> eventIds() {
            return new HashSet<>(eventIds);
        }

        public int received() {
            return received;
        }

        public boolean ended() {
            return ended;
        }

        /** Whether the response headers and the opening comment arrived. */
        public boolean open() {
            return open;
        }

        synchronized void consume(String text) {
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c != '\n') {
                    line.append(c);
                    continue;
                }
                String complete = line.toString();
                line.setLength(0);
                if (complete.equals(": connected")) {
                    open = true;
                } else if (complete.startsWith("data: {")) {
                    int at = complete.indexOf("\"id\":\"");
                    if (at >= 0 && eventIds.add(complete.substring(at + 6, complete.indexOf('"', at + 6)))) {
                        received++;
                    }
                }
            }
        }
    }

    private final Selector selector;
    private final List<Reader> readers = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    public FanOutReaders(URI uri, String token, int count) {
        try {
            selector = Selector.open();
            String request = "GET " + uri.getRawPath() + "?" + uri.getRawQuery() + " HTTP/1.1\r\nHost: " + uri.getHost()
                    + "\r\nAccept: text/event-stream\r\nAuthorization: Bearer " + token + "\r\n\r\n";
            for (int i = 0; i < count; i++) {
                SocketChannel channel = SocketChannel.open(new InetSocketAddress(uri.getHost(), uri.getPort()));
                channel.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
                channel.configureBlocking(false);
                Reader reader = new Reader(channel);
                channel.register(selector, SelectionKey.OP_READ, reader);
                readers.add(reader);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        thread = new Thread(this::readAll, "fan-out-readers");
        thread.setDaemon(true);
        thread.start();
    }

    public List<Reader> readers() {
        return readers;
    }

    private void readAll() {
        ByteBuffer buffer = ByteBuffer.allocate(256 * 1024);
        try {
            while (running) {
                selector.select(200);
                for (SelectionKey key : selector.selectedKeys()) {
                    Reader reader = (Reader) key.attachment();
                    buffer.clear();
                    int n = reader.channel.read(buffer);
                    if (n < 0) {
                        reader.ended = true;
                        key.cancel();
                    } else if (n > 0) {
                        // the test's messages are ASCII: a read may end inside a line, never inside a character
                        reader.consume(new String(buffer.array(), 0, n, StandardCharsets.US_ASCII));
                    }
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException e) {
            if (running) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Override
    public void close() throws IOException {
        running = false;
        selector.wakeup();
        for (Reader reader : readers) {
            reader.channel.close();
        }
        selector.close();
    }
}
