package dev.pipeline.delivery.source;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import dev.pipeline.delivery.watermark.SourceProgress;

/**
 * What one source reader last reported: when a read last succeeded, when its latest fully caught-up round
 * started, its lag and its latest error. Written by the reader thread, read by the merger, health and metrics.
 */
public final class SourceStatus {

    private final String name;
    private final Clock clock;
    private final Duration allowance;
    private final Duration idleTimeout;
    private final Duration startupTimeout;
    private final Instant created;
    private final Duration lagMemory;
    private volatile Duration visibilityLag = Duration.ZERO;
    private volatile Instant visibilityLagSeenAt;
    private volatile Instant lastSuccess;
    private volatile boolean everSucceeded;
    private volatile Instant caughtUpAt;
    private volatile Instant storedThrough;
    private volatile String error = "not read yet";
    private volatile long lag = -1;
    private volatile Instant readerFailingSince;
    private final AtomicLong readerErrors = new AtomicLong();

    /**
     * {@code allowance}: how long after its storage time the source may make a record readable (plus clock skew).
     * {@code startupTimeout} bounds how long a source never read yet holds the watermark back (its first reads cover
     * the rebuild window and may take longer than the idle timeout); after a first success, {@code idleTimeout} does.
     */
    public SourceStatus(String name, Clock clock, Duration allowance, Duration idleTimeout, Duration startupTimeout,
                        Duration lagMemory) {
        this.name = name;
        this.clock = clock;
        this.allowance = allowance;
        this.idleTimeout = idleTimeout;
        this.startupTimeout = startupTimeout;
        this.lagMemory = lagMemory;
        this.created = clock.instant();
        this.lastSuccess = created;
    }

    public String name() {
        return name;
    }

    /** A read round succeeded; {@code lag} is how far the source is behind its end (ms or records). */
    public void readSucceeded(long lag) {
        this.readerFailingSince = null;
        this.lastSuccess = clock.instant();
        this.everSucceeded = true;
        this.lag = lag;
        this.error = null;
    }

    /**
     * The reader waits for its consumers to make room (a catch-up read following a slow partner): it is not failing,
     * so the source keeps holding the watermark back.
     */
    public void paused() {
        if (everSucceeded) {
            this.lastSuccess = clock.instant();
        }
    }

    /** A round that started at {@code roundStart} read every shard or partition up to its end. */
    public void caughtUp(Instant roundStart) {
        caughtUp(roundStart, 0);
    }

    /** As {@link #caughtUp(Instant)}, with {@code lag} written to the source since that round started. */
    public void caughtUp(Instant roundStart, long lag) {
        readSucceeded(lag);
        Instant previous = caughtUpAt;
        caughtUpAt = previous == null || roundStart.isAfter(previous) ? roundStart : previous;
    }

    /**
     * Every record the source has yet to hand over sorts at or after {@code time}: a source that stores records in
     * time order (a Kafka partition stamping append times under its log lock) knows this from the records it read,
     * without a round that reaches the end, so under steady writes the watermark can follow the records themselves.
     */
    public void storedThrough(Instant time) {
        storedThrough = time;
    }

    /** The latest {@link #storedThrough(Instant)}, if the source ever said. */
    public Optional<Instant> storedThrough() {
        return Optional.ofNullable(storedThrough);
    }

    /**
     * A record the source stored {@code lag} before a moment it was reported read to its end arrived only now: the
     * source made it readable that much later than its storage time says.
     */
    public void slowVisibility(Duration lag) {
        if (lag.compareTo(visibilityLag()) >= 0) {
            visibilityLag = lag;
            visibilityLagSeenAt = clock.instant();
        }
    }

    /** The longest such delay seen within the lag memory, else zero: how much further the watermark must wait. */
    public Duration visibilityLag() {
        Instant seen = visibilityLagSeenAt;
        return seen == null || clock.instant().isAfter(seen.plus(lagMemory)) ? Duration.ZERO : visibilityLag;
    }

    /** How far the watermark trails this source's caught-up time: its allowance, or its visibility lag if longer. */
    public Duration watermarkWait() {
        Duration lag = visibilityLag();
        return lag.compareTo(allowance) > 0 ? lag : allowance;
    }

    /** A read failed at the source (unreachable, throttled, timed out): the reader itself works. */
    public void failed(String reason) {
        this.error = reason;
        this.readerFailingSince = null;
    }

    /**
     * The reader itself failed (a fault in this replica, not the source being unreachable) and restarts: unlike an
     * outage, which the other source carries, this makes the replica unready until a read succeeds again.
     */
    public void readerFailed(String reason) {
        this.error = reason;
        readerErrors.incrementAndGet();
        if (readerFailingSince == null) {
            readerFailingSince = clock.instant();
        }
    }

    /** Since when the reader has failed without a successful read in between, if it is failing. */
    public Optional<Instant> readerFailingSince() {
        return Optional.ofNullable(readerFailingSince);
    }

    /** How often the reader failed and restarted. */
    public long readerErrors() {
        return readerErrors.get();
    }

    /**
     * Whether the source still holds the watermark back: it read successfully within the idle timeout, or it was
     * never read yet and is within the startup timeout.
     */
    public boolean live() {
        Instant deadline = everSucceeded ? lastSuccess.plus(idleTimeout) : created.plus(startupTimeout);
        return !clock.instant().isAfter(deadline);
    }

    /** What the watermark needs of this source now. */
    public SourceProgress progress() {
        return live() ? new SourceProgress(true, caughtUpAt, storedThrough, watermarkWait()) : SourceProgress.dead();
    }

    /** Start of the latest round that read everything written before it, if any. */
    public Optional<Instant> caughtUpAt() {
        return Optional.ofNullable(caughtUpAt);
    }

    /** Readable: the latest round succeeded and the source has been read to its end at least once. */
    public boolean readable() {
        return error == null && caughtUpAt != null && live();
    }

    /** Why the source is not readable, if it is not. */
    public Optional<String> problem() {
        if (error != null) {
            return Optional.of(error);
        }
        if (caughtUpAt == null) {
            return Optional.of("still catching up with the source");
        }
        return live() ? Optional.empty() : Optional.of("no successful read for longer than "
                + (everSucceeded ? idleTimeout : startupTimeout));
    }

    public long lag() {
        return lag;
    }

    /** When a read last succeeded, if one ever did. */
    public Optional<Instant> lastSuccess() {
        return everSucceeded ? Optional.of(lastSuccess) : Optional.empty();
    }
}
