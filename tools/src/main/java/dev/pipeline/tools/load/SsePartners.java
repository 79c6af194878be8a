package dev.pipeline.tools.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Many partners reading one SSE stream over plain non-blocking sockets, on a few threads of their own: the bench's
 * load generator, made cheap enough that a thousand partners leave the cores to the server being measured. Each
 * partner reconnects 200 ms after its stream ends and resumes with {@code Last-Event-ID}, as an EventSource does.
 */
public final class SsePartners implements AutoCloseable {

    /** Receives each message's data, on the partner's reading thread ({@code data[0, length)} is reused after). */
    public interface Listener {
        void onFrame(byte[] data, int length, long receivedNanos);
    }

    private static final long RECONNECT_DELAY_NANOS = 200_000_000L;

    private final URI stream;
    private final InetSocketAddress address;
    private final String authorization;
    private final Listener listener;
    private final long readRoundNanos;
    private final AtomicInteger connected = new AtomicInteger();
    private final AtomicLong connects = new AtomicLong();
    private final List<Reader> readers = new ArrayList<>();
    private volatile boolean closed;

    private SsePartners(URI stream, String partnerToken, Duration readRound, Listener listener) {
        this.readRoundNanos = readRound.toNanos();
        this.stream = stream;
        this.address = new InetSocketAddress(stream.getHost(), stream.getPort());
        this.authorization = "Bearer " + partnerToken;
        this.listener = listener;
    }

    /**
     * Opens {@code partners} streams to {@code stream}, spread over {@code threads} reading threads, each reading what
     * has arrived at most once per {@code readRound}: frames that arrive one by one on a thousand sockets are then read
     * several per call instead of one call (and one wake-up) each, which is most of a reader's cost; a frame's
     * arrival time is then when its round read it, up to one round late.
     */
    public static SsePartners open(URI stream, String partnerToken, int partners, int threads, Duration readRound,
                                   Listener listener) {
        SsePartners opened = new SsePartners(stream, partnerToken, readRound, listener);
        for (int t = 0; t < threads; t++) {
            int count = partners / threads + (t < partners % threads ? 1 : 0);
            opened.readers.add(opened.new Reader(count, "sse-partners-" + t));
        }
        opened.readers.forEach(Thread::start);
        return opened;
    }

    /** Partners whose stream is open and answered 200. */
    public int connected() {
        return connected.get();
    }

    /** Streams opened so far: one per partner plus the reconnects. */
    public long connects() {
        return connects.get();
    }

    @Override
    public void close() {
        closed = true;
        for (Reader reader : readers) {
            reader.selector.wakeup();
            try {
                reader.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private byte[] request(String lastEventId) {
        String target = stream.getRawPath() + (stream.getRawQuery() == null ? "" : "?" + stream.getRawQuery());
        return ("GET " + target + " HTTP/1.1\r\nHost: " + stream.getHost() + ":" + stream.getPort()
                + "\r\nAccept: text/event-stream\r\nAuthorization: " + authorization
                + (lastEventId == null ? "" : "\r\nLast-Event-ID: " + lastEventId) + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
    }

    /** One partner's stream: the socket of its current connection and the parser of its current response. */
    private final class Partner {
        SocketChannel channel;
        SseResponseParser response;
        ByteBuffer pendingRequest;
        String lastEventId;
        boolean counted;
        boolean reconnecting;
        long reconnectAt;
    }

    /** A reading thread: one selector over its partners' sockets. */
    private final class Reader extends Thread {
        private final Selector selector;
        private final List<Partner> partners = new ArrayList<>();
        private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);

        Reader(int count, String name) {
            super(name);
            setDaemon(true);
            try {
                selector = Selector.open();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            for (int i = 0; i < count; i++) {
                partners.add(new Partner());
            }
        }

        @Override
        public void run() {
            long lastRound = System.nanoTime();
            try {
                partners.forEach(this::connect);
                while (!closed) {
                    selector.select(50);
                    long now = System.nanoTime();
                    LockSupport.parkNanos(lastRound + readRoundNanos - now);
                    now = System.nanoTime();
                    lastRound = now;
                    for (SelectionKey key : selector.selectedKeys()) {
                        ready((Partner) key.attachment(), key, now);
                    }
                    selector.selectedKeys().clear();
                    for (Partner partner : partners) {
                        if (partner.reconnecting && now - partner.reconnectAt >= 0) {
                            connect(partner);
                        }
                    }
                }
            } catch (IOException | ClosedSelectorException e) {
                // the reader stops; its partners count as disconnected below
            } finally {
                partners.forEach(partner -> disconnect(partner, false));
                try {
                    selector.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        }

        private void connect(Partner partner) {
            partner.reconnecting = false;
            connects.incrementAndGet();
            try {
                SocketChannel channel = SocketChannel.open();
                channel.configureBlocking(false);
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                partner.channel = channel;
                partner.response = new SseResponseParser(listener::onFrame);
                partner.pendingRequest = ByteBuffer.wrap(request(partner.lastEventId));
                boolean done = channel.connect(address);
                channel.register(selector, done ? SelectionKey.OP_WRITE : SelectionKey.OP_CONNECT, partner);
            } catch (IOException e) {
                disconnect(partner, true);
            }
        }

        private void ready(Partner partner, SelectionKey key, long now) {
            try {
                if (key.isConnectable() && partner.channel.finishConnect()) {
                    key.interestOps(SelectionKey.OP_WRITE);
                }
                if (key.isValid() && key.isWritable()) {
                    partner.channel.write(partner.pendingRequest);
                    if (!partner.pendingRequest.hasRemaining()) {
                        key.interestOps(SelectionKey.OP_READ);
                    }
                }
                if (key.isValid() && key.isReadable()) {
                    read(partner, now);
                }
            } catch (IOException e) {
                disconnect(partner, true);
            }
        }

        private void read(Partner partner, long now) throws IOException {
            buffer.clear();
            int read = partner.channel.read(buffer);
            if (read < 0) {
                disconnect(partner, true);
                return;
            }
            partner.response.feed(buffer.array(), 0, read, now);
            int status = partner.response.status();
            if (status == 200 && !partner.counted) {
                partner.counted = true;
                connected.incrementAndGet();
            }
            if ((status != 0 && status != 200) || partner.response.ended()) {
                disconnect(partner, true);
            }
        }

        private void disconnect(Partner partner, boolean reconnect) {
            if (partner.counted) {
                connected.decrementAndGet();
                partner.counted = false;
            }
            String cursor = partner.response == null ? null : partner.response.lastEventId();
            if (cursor != null) {
                partner.lastEventId = cursor;
            }
            if (partner.channel != null) {
                try {
                    partner.channel.close();
                } catch (IOException ignored) {
                    // the partner reconnects or stops either way
                }
            }
            partner.channel = null;
            partner.reconnecting = reconnect && !closed;
            partner.reconnectAt = System.nanoTime() + RECONNECT_DELAY_NANOS;
        }
    }
}
