package dev.pipeline.delivery.sse;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The open SSE connections of this replica, woken up whenever the merger emits events. */
public final class Connections {

    private final Set<SseConnection> open = ConcurrentHashMap.newKeySet();

    void add(SseConnection connection) {
        open.add(connection);
    }

    void remove(SseConnection connection) {
        open.remove(connection);
    }

    /** Called on the merger's thread: never blocks, only schedules each connection's writer. */
    public void signalAll(long lastSequence) {
        for (SseConnection connection : open) {
            connection.signal(lastSequence);
        }
    }

    public int size() {
        return open.size();
    }
}
