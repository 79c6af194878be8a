package dev.pipeline.delivery.catchup;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import dev.pipeline.delivery.MergedFeed;
import dev.pipeline.delivery.config.DeliveryConfig;
import dev.pipeline.delivery.merge.EventTime;
import dev.pipeline.delivery.merge.SortKey;
import dev.pipeline.support.concurrent.DaemonThreads;

/**
 * The catch-up reads of one replica. A partner resuming from before the in-memory tail joins a read that can serve
 * its cursor, else one is started from the cursor less the duplicate lookback, rounded down to the join granularity so
 * that partners resuming near one point (a rollout reconnects hundreds at once) share it. A read nobody uses any more
 * is closed.
 */
public final class CatchUps implements AutoCloseable {

    /** How long a session nobody reads is kept for a partner about to join it. */
    private static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final DeliveryConfig config;
    private final Function<CatchUpSession, MergedFeed> feeds;
    private final List<CatchUpSession> sessions = new ArrayList<>();
    private long started;
    private final ScheduledExecutorService sweeper;

    /** {@code feeds}: builds the merged feed a session reads, wired to the session (started here). */
    public CatchUps(DeliveryConfig config, Function<CatchUpSession, MergedFeed> feeds) {
        this.config = config;
        this.feeds = feeds;
        this.sweeper = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("delivery-catch-up-sweeper"));
        sweeper.scheduleWithFixedDelay(this::closeIdle, 1, 1, TimeUnit.SECONDS);
    }

    /** A read that serves a partner continuing after {@code from}: a running one, or a new one. */
    public synchronized CatchUpSession sessionFor(SortKey from) {
        for (CatchUpSession session : sessions) {
            if (session.canServe(from)) {
                session.touch();
                return session;
            }
        }
        if (sessions.size() >= config.catchUp().maxSessions()) {
            throw new CatchUpCapacityException(sessions.size());
        }
        Duration lookback = config.history().duplicateLookback();
        long granularity = config.catchUp().joinGranularity().toMillis();
        long startMillis = EventTime.instant(from.micros()).minus(lookback).toEpochMilli();
        Instant readFrom = Instant.ofEpochMilli(granularity > 0 ? Math.floorDiv(startMillis, granularity) * granularity : startMillis);
        CatchUpSession session = new CatchUpSession(readFrom, SortKey.floor(EventTime.micros(readFrom.plus(lookback))),
                config.catchUp().stallTimeout(), config.catchUp().bufferEvents());
        MergedFeed feed = feeds.apply(session);
        session.feed(feed);
        feed.start();
        sessions.add(session);
        started++;
        return session;
    }

    /** Catch-up reads running now. */
    public synchronized int running() {
        return sessions.size();
    }

    /** Catch-up reads started since this replica started. */
    public synchronized long started() {
        return started;
    }

    private synchronized void closeIdle() {
        sessions.removeIf(session -> {
            if (session.idleFor(IDLE_NANOS)) {
                session.close();
                return true;
            }
            return false;
        });
    }

    @Override
    public synchronized void close() {
        sweeper.shutdownNow();
        sessions.forEach(CatchUpSession::close);
        sessions.clear();
    }

    /** Every catch-up read this replica may run is busy. */
    public static final class CatchUpCapacityException extends RuntimeException {
        CatchUpCapacityException(int running) {
            super("All " + running + " catch-up reads of this replica are busy", null, false, false);
        }
    }
}
