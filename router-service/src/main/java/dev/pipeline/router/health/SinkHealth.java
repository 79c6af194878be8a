package dev.pipeline.router.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import dev.pipeline.router.sink.SinkWriteException;

/**
 * What the router knows about one sink's health: outcomes of real writes over a sliding window, calls in flight
 * (to spot stalled ones), and the last active probe. The sink counts as writable when its latest signal,
 * write or probe, was a success; throttling alone never makes it unwritable.
 */
public final class SinkHealth {

    /** The latest probe. */
    public record Probe(Instant time, boolean ok, long latencyMs, String error) {
    }

    /** Everything the routing API shows about a sink. */
    public record View(boolean writable, String lastError, Instant lastChange, int callsInFlight,
                       long oldestCallInFlightMs, OutcomeWindow.Figures window, Probe lastProbe) {
    }

    private final String sink;
    private final Clock clock;
    private final OutcomeWindow window;
    private final ConcurrentHashMap<Long, Instant> inFlight = new ConcurrentHashMap<>();
    private final AtomicLong callIds = new AtomicLong();
    private volatile boolean writable = true;
    private volatile String lastError;
    private volatile Instant lastChange;
    private volatile Probe lastProbe;

    public SinkHealth(String sink, Clock clock, Duration window) {
        this.sink = sink;
        this.clock = clock;
        this.window = new OutcomeWindow(clock, window);
        this.lastChange = clock.instant();
    }

    public String sink() {
        return sink;
    }

    /** Marks a call started; pass the id to {@link #callSucceeded} or {@link #callFailed}. */
    public long callStarted() {
        long id = callIds.incrementAndGet();
        inFlight.put(id, clock.instant());
        return id;
    }

    public void callSucceeded(long id, int events) {
        window.success(finish(id), events);
        setWritable(true, null);
    }

    public void callFailed(long id, SinkWriteException error) {
        switch (error.failureCause()) {
            // the events or the router were at fault, not the sink: nothing about its health
            case INVALID, INTERNAL -> finish(id);
            case THROTTLED -> window.failure(error.failureCause(), finish(id));
            default -> {
                window.failure(error.failureCause(), finish(id));
                setWritable(false, error.getMessage());
            }
        }
    }

    /**
     * Ends a call whatever became of it, without figures; does nothing when it already ended. A call that threw
     * unexpectedly must not stay "in flight": the stall watchdog would take it for a hung sink for good.
     */
    public void callEnded(long id) {
        inFlight.remove(id);
    }

    public void probed(boolean ok, long latencyMs, String error) {
        lastProbe = new Probe(clock.instant(), ok, latencyMs, error);
        setWritable(ok, error);
    }

    /** The latest probe, null before the first. */
    public Probe lastProbe() {
        return lastProbe;
    }

    public boolean writable() {
        return writable;
    }

    public int callsInFlight() {
        return inFlight.size();
    }

    /** Age of the oldest call still in flight, zero when none is. */
    public Duration oldestCallInFlight() {
        Instant now = clock.instant();
        return inFlight.values().stream().map(start -> Duration.between(start, now))
                .max(Duration::compareTo).orElse(Duration.ZERO);
    }

    public View view() {
        return new View(writable, lastError, lastChange, callsInFlight(), oldestCallInFlight().toMillis(),
                window.figures(), lastProbe);
    }

    private long finish(long id) {
        Instant start = inFlight.remove(id);
        return start == null ? 0 : Duration.between(start, clock.instant()).toMillis();
    }

    private void setWritable(boolean ok, String error) {
        if (ok != writable) {
            lastChange = clock.instant();
        }
        writable = ok;
        if (!ok) {
            lastError = error;
        }
    }
}
