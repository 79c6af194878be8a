package dev.pipeline.delivery.merge;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import dev.pipeline.delivery.config.DeliveryConfig;
import dev.pipeline.envelope.CloudEventJson;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Merges what both sources read into one feed: drops duplicates by CloudEvents source + id, keeps a bounded
 * history for resuming partners and tells listeners (SSE connections) about each new event.
 */
@ApplicationScoped
public class EventMerger {

    private final DuplicateFilter duplicates;
    private final Deque<MergedEvent> history = new ArrayDeque<>();
    private final int maxHistory;
    private final List<Consumer<MergedEvent>> listeners = new CopyOnWriteArrayList<>();
    private final Counter duplicatesDropped;
    private long nextSequence = 1;

    public EventMerger(DeliveryConfig config, MeterRegistry registry) {
        this.duplicates = new DuplicateFilter(config.history().dedupWindow());
        this.maxHistory = config.history().maxEvents();
        this.duplicatesDropped = Counter.builder("delivery.duplicates.dropped")
                .description("Events dropped because an event with the same source and id was already merged")
                .register(registry);
    }

    /** Admits an event read from a source unless it is a duplicate. */
    public void accept(SourcedEvent read) {
        MergedEvent merged;
        synchronized (this) {
            if (!duplicates.firstTime(read.event().identity())) {
                duplicatesDropped.increment();
                return;
            }
            merged = new MergedEvent(nextSequence++, read.event(), CloudEventJson.writeString(read.event()));
            history.addLast(merged);
            if (history.size() > maxHistory) {
                history.removeFirst();
            }
        }
        listeners.forEach(listener -> listener.accept(merged));
    }

    /**
     * Registers a listener and returns, atomically with it, the history after {@code afterSequence} so nothing
     * falls between replay and live events.
     */
    public synchronized List<MergedEvent> subscribe(long afterSequence, Consumer<MergedEvent> listener) {
        listeners.add(listener);
        List<MergedEvent> replay = new ArrayList<>();
        for (MergedEvent event : history) {
            if (event.sequence() > afterSequence) {
                replay.add(event);
            }
        }
        return replay;
    }

    public void unsubscribe(Consumer<MergedEvent> listener) {
        listeners.remove(listener);
    }
}
