package dev.pipeline.delivery.sse;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import dev.pipeline.delivery.catchup.CatchUpSession;
import dev.pipeline.delivery.merge.Cursor;
import dev.pipeline.delivery.merge.EventLog;
import dev.pipeline.delivery.merge.MergedEvent;
import dev.pipeline.delivery.merge.ResumePoint;
import dev.pipeline.delivery.merge.SortKey;
import dev.pipeline.delivery.partner.Subscription;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;

/**
 * One partner's SSE connection. It pulls from a shared log on its Vert.x context as fast as the socket accepts (so it
 * holds no copy of the feed): the replica's live cache, or first a catch-up read of the streams when the partner
 * resumes from further back, handing over to the live cache once that covers where the partner is. On the live cache,
 * once more than {@code bufferSize} events have waited for it for longer than {@code lagTolerance} (bursts pass), it
 * is told why, closed and counted, without ever slowing the merger or other connections. Its resume cursor moves
 * over events its filter skips too (an id-only message at most every {@code cursorRefresh}), so a partner that
 * matches few events keeps a recent cursor. What one pump finds ready goes out in one write ({@link FrameBatch}), each
 * message the frame {@link SharedFrames} built once for every connection.
 */
final class SseConnection {

    /** Limits of a connection. */
    record Settings(int bufferSize, Duration lagTolerance, Duration heartbeat, Duration closeGrace, Duration retry,
                    Duration cursorRefresh) {
    }

    /** Where a connection starts: a log, the point in it, and the catch-up read the log belongs to (null: live). */
    record Start(EventLog log, ResumePoint point, CatchUpSession catchUp) {
    }

    /** The {@code disconnect} reason a replica that shuts down gives its partners. */
    static final String SHUTDOWN = "shutdown";

    /** How often a connection checks whether it fell behind even when nothing new is emitted. */
    private static final long WATCH_MILLIS = 250;
    /** The most bytes gathered for one write (Netty's default high-water mark: a fuller socket stops the pump anyway). */
    static final int MAX_BATCH_BYTES = 64 * 1024;

    private final HttpServerResponse response;
    private final Context context;
    private final EventLog live;
    private final SharedFrames frames;
    private final Subscription subscription;
    private final Settings settings;
    private final Connections connections;
    private final ConnectionEvents events;
    private final Function<SortKey, Future<Start>> catchUpAfter;
    private boolean switching;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private EventLog log;
    private ResumePoint start;
    private volatile CatchUpSession catchUp;
    private CatchUpSession.Reader catchUpReader;
    private volatile long position;
    /** The highest key passed on this connection, sent or skipped by the filter: the partner's place in the feed. */
    private SortKey cursor;
    /** The cursor the partner last received as an id. */
    private SortKey sentCursor;
    private long sentCursorAt;
    /** Where a connection that started live is in the feed before it passed any event: what was emitted before it. */
    private final long connectedAtMicros;
    private volatile long behindSince;
    private final FrameBatch batch = new FrameBatch(MAX_BATCH_BYTES);
    /** Events in the batch, counted for metrics when it is written. */
    private int delivered;
    private long heartbeatTimer = -1;
    private long watchTimer = -1;

    SseConnection(HttpServerResponse response, Context context, EventLog live, SharedFrames frames,
                  Subscription subscription, Start start, Settings settings, Connections connections,
                  ConnectionEvents events, Function<SortKey, Future<Start>> catchUpAfter) {
        this.catchUpAfter = catchUpAfter;
        this.response = response;
        this.context = context;
        this.live = live;
        this.frames = frames;
        this.subscription = subscription;
        this.settings = settings;
        this.connections = connections;
        this.events = events;
        this.log = start.log();
        this.start = start.point();
        this.catchUp = start.catchUp();
        this.position = start.point().startSequence();
        SortKey from = start.point().skipAtOrBelow();
        // a since= start is a time, not a key of an event: it is no cursor to send back
        this.cursor = from == null || from.lane().isEmpty() ? null : from;
        this.sentCursor = cursor;
        this.sentCursorAt = System.nanoTime();
        this.connectedAtMicros = live.emittedThroughMicros();
    }

    /** Sends the headers and the retry hint, then starts delivering; runs on the request's context. */
    void open() {
        response.setStatusCode(200).setChunked(true)
                .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                .putHeader("Cache-Control", "no-cache, no-store")
                .putHeader("X-Accel-Buffering", "no");
        response.closeHandler(v -> closed());
        response.exceptionHandler(e -> closed());
        connections.add(this);
        joinCatchUp();
        response.write(SseFormat.retry(settings.retry().toMillis()) + SseFormat.comment("connected"));
        heartbeatTimer = context.owner().setPeriodic(settings.heartbeat().toMillis(), id -> heartbeat());
        watchTimer = context.owner().setPeriodic(WATCH_MILLIS, id -> {
            if (catchUp != null || !checkBehind(log.lastSequence())) {
                pump();
            }
        });
        pump();
    }

    private void joinCatchUp() {
        if (catchUp != null) {
            catchUpReader = new CatchUpSession.Reader(() -> position, last -> wake(),
                    () -> disconnect("slow-consumer", "This connection read nothing while its catch-up waited for it for "
                            + "too long; reconnect with Last-Event-ID to resume"));
            catchUp.join(catchUpReader);
        }
    }

    /** New events were emitted into the live cache: disconnect if too far behind, else schedule a pump. Never blocks. */
    void signal(long lastSequence) {
        if (closed.get() || catchUp == null && checkBehind(lastSequence)) {
            return;
        }
        wake();
    }

    private void wake() {
        if (!closed.get() && scheduled.compareAndSet(false, true)) {
            context.runOnContext(v -> {
                scheduled.set(false);
                pump();
            });
        }
    }

    /** Disconnects when more than the buffer size of live events has waited longer than the tolerance. */
    private boolean checkBehind(long lastSequence) {
        long waiting = lastSequence - Math.max(position, start.replayUntil());
        if (waiting <= settings.bufferSize()) {
            behindSince = 0;
            return false;
        }
        long now = System.nanoTime();
        if (behindSince == 0) {
            behindSince = now;
        } else if (now - behindSince > settings.lagTolerance().toNanos()) {
            disconnect("slow-consumer", "More than " + settings.bufferSize() + " events waited for this connection for over "
                    + settings.lagTolerance().toMillis() + " ms; reconnect with Last-Event-ID to resume");
            return true;
        }
        return false;
    }

    private void pump() {
        if (closed.get() || switching) {
            return;
        }
        // read before the log: every event below it is in the log by then (see EventMerger#emittedThroughMicros)
        long emittedThrough = catchUp != null ? catchUp.emittedThroughMicros() : Long.MIN_VALUE;
        while (!closed.get() && !response.writeQueueFull()) {
            MergedEvent next = log.after(position);
            if (next == null) {
                break;
            }
            if (next.sequence() != position + 1 && position < log.beforeFirst()) {
                write();
                continueFromStreams();
                return;
            }
            position = next.sequence();
            if (start.skips(next)) {
                continue;
            }
            if (cursor == null || next.key().compareTo(cursor) > 0) {
                cursor = next.key();
            }
            if (!subscription.accepts(next.attributes())) {
                continue;
            }
            add(next);
            if (batch.full()) {
                write();
            }
        }
        if (catchUp != null) {
            catchUp.progressed();
            handOverWhenLiveCovers(emittedThrough);
        }
        refreshCursor();
        write();
        if (!closed.get()) {
            response.drainHandler(v -> pump());
        }
    }

    /** Adds the event's message to the batch: the shared frame when the partner's cursor is the event's own key. */
    private void add(MergedEvent event) {
        if (cursor.equals(event.key())) {
            batch.add(frames.frameFor(event, subscription.partner()));
        } else {
            // a late event below the partner's place: the cursor it carries is the partner's, not the event's key
            batch.add(SseFormat.message(Cursor.encode(cursor), event.attributes().type(),
                    subscription.partner().jsonFor(event.attributes(), event.json())));
        }
        delivered++;
        sentCursor = cursor;
        sentCursorAt = System.nanoTime();
    }

    /** Writes what the batch gathered, in one write and one flush. */
    private void write() {
        if (batch.isEmpty()) {
            return;
        }
        response.write(batch.take());
        if (delivered > 0) {
            events.delivered(subscription.partner().name(), delivered);
            delivered = 0;
        }
    }

    /**
     * Once the partner has read the catch-up up to a point the live cache covers, it goes on from the live cache: the
     * same events in the same order, as every feed keeps the same copies above its start.
     */
    private void handOverWhenLiveCovers(long emittedThrough) {
        SortKey at = cursor != null ? cursor : start.skipAtOrBelow();
        if (position >= log.lastSequence() && emittedThrough != Long.MIN_VALUE && emittedThrough != Long.MAX_VALUE) {
            SortKey drained = SortKey.floor(emittedThrough); // everything below it was read from the catch-up
            at = at == null || drained.compareTo(at) > 0 ? drained : at;
        }
        if (at == null || !live.covers(at)) {
            return;
        }
        catchUp.leave(catchUpReader);
        catchUp = null;
        log = live;
        start = live.handOverAfter(at);
        position = start.startSequence();
        wake();
    }

    /**
     * The cache dropped events this connection had not read yet (a burst larger than it): the partner goes on from a
     * catch-up read of the streams after its place, as it would after reconnecting with its cursor.
     */
    private void continueFromStreams() {
        SortKey at = cursor != null ? cursor : start.skipAtOrBelow();
        if (at == null && connectedAtMicros != Long.MIN_VALUE && connectedAtMicros != Long.MAX_VALUE) {
            at = SortKey.floor(connectedAtMicros); // a live start that has not passed an event yet
        }
        if (at == null) {
            disconnect("history-overrun", "This connection fell behind the events this replica holds for it");
            return;
        }
        switching = true;
        if (catchUp != null) {
            catchUp.leave(catchUpReader);
            catchUp = null;
        }
        catchUpAfter.apply(at).onComplete(started -> {
            switching = false;
            if (started.failed()) {
                disconnect("history-overrun", "This connection fell behind the events this replica holds for it");
                return;
            }
            log = started.result().log();
            start = started.result().point();
            position = start.startSequence();
            catchUp = started.result().catchUp();
            if (closed.get()) {
                return;
            }
            joinCatchUp();
            pump();
        });
    }

    /** Sends the cursor the filter moved on, at most every cursorRefresh, as an id-only message (no event). */
    private void refreshCursor() {
        if (cursor == null || cursor.equals(sentCursor) || response.writeQueueFull()
                || System.nanoTime() - sentCursorAt < settings.cursorRefresh().toNanos()) {
            return;
        }
        batch.add(SseFormat.idOnly(Cursor.encode(cursor)));
        sentCursor = cursor;
        sentCursorAt = System.nanoTime();
    }

    private void heartbeat() {
        if (!closed.get() && !response.writeQueueFull()) {
            response.write(SseFormat.comment("heartbeat"));
        }
    }

    /** Tells the client why, ends the response, and closes the socket after a grace period. */
    private void disconnect(String reason, String detail) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        events.slowDisconnect(subscription.partner().name());
        end(reason, detail);
    }

    /** The replica shuts down: tells the client to reconnect (to another replica) and closes. */
    void shutDown() {
        if (closed.compareAndSet(false, true)) {
            end(SHUTDOWN, "This replica is shutting down; reconnect with Last-Event-ID (another replica serves you)");
        }
    }

    private void end(String reason, String detail) {
        context.runOnContext(v -> {
            release();
            if (!response.ended() && !response.closed()) {
                // close the socket once the reason is written (keep-alive would hold it open)
                response.end(SseFormat.comment("disconnected: " + reason)
                        + SseFormat.control("disconnect", "{\"reason\":\"" + reason + "\",\"detail\":\"" + detail + "\"}"))
                        .onComplete(written -> response.close());
            }
            // a client that reads nothing never lets the reason through: close after a grace period anyway
            context.owner().setTimer(settings.closeGrace().toMillis(), id -> {
                if (!response.closed()) {
                    response.close();
                }
            });
        });
    }

    private void closed() {
        closed.set(true);
        release();
    }

    private void release() {
        connections.remove(this);
        if (catchUp != null) {
            catchUp.leave(catchUpReader);
        }
        if (heartbeatTimer >= 0) {
            context.owner().cancelTimer(heartbeatTimer);
        }
        if (watchTimer >= 0) {
            context.owner().cancelTimer(watchTimer);
        }
    }
}
