package dev.pipeline.delivery.sse;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.pipeline.delivery.partner.Partner;

/**
 * The open SSE connections of this replica, woken up whenever the merger emits events, and the count of each
 * partner's streams: one partner opening streams without end must not take the replica's memory from the others.
 */
public final class Connections {

    private final Set<SseConnection> open = ConcurrentHashMap.newKeySet();
    private final Map<SseConnection, String> partnerOf = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> streams = new ConcurrentHashMap<>();

    /** Counts a new stream of the partner unless it already holds its maximum; released when the connection goes. */
    boolean admit(SseConnection connection, Partner partner) {
        AtomicInteger count = streams.computeIfAbsent(partner.name(), name -> new AtomicInteger());
        for (int held = count.get(); held < partner.maxStreams(); held = count.get()) {
            if (count.compareAndSet(held, held + 1)) {
                partnerOf.put(connection, partner.name());
                return true;
            }
        }
        return false;
    }

    void add(SseConnection connection) {
        open.add(connection);
    }

    void remove(SseConnection connection) {
        open.remove(connection);
        String partner = partnerOf.remove(connection);
        if (partner != null) {
            streams.get(partner).decrementAndGet();
        }
    }

    /** Called on the merger's thread: never blocks, only schedules each connection's writer. */
    public void signalAll(long lastSequence) {
        for (SseConnection connection : open) {
            connection.signal(lastSequence);
        }
    }

    /** Tells every open connection that this replica shuts down ({@code disconnect}, reason {@code shutdown}) and closes it. */
    public void shutDownAll() {
        for (SseConnection connection : open) {
            connection.shutDown();
        }
    }

    public int size() {
        return open.size();
    }

    /** Streams the partner holds open on this replica. */
    public int streamsOf(String partner) {
        AtomicInteger count = streams.get(partner);
        return count == null ? 0 : count.get();
    }
}
