package dev.pipeline.delivery.sse;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.pipeline.delivery.merge.Cursor;
import dev.pipeline.delivery.merge.EventLog;
import dev.pipeline.delivery.merge.MergedEvent;
import dev.pipeline.delivery.merge.ResumePoint;
import dev.pipeline.delivery.merge.SortKey;
import dev.pipeline.delivery.partner.Subscription;
import io.vertx.core.Context;
import io.vertx.core.http.HttpServerResponse;

/**
 * One partner's SSE connection. It pulls from the shared {@link EventLog} on its Vert.x context as fast as the
 * socket accepts (so it holds no copy of the feed); once more than {@code bufferSize} live events have waited
 * for it for longer than {@code lagTolerance} (bursts pass), it is told why, closed and counted, without ever
 * slowing the merger or other connections.
 */
final class SseConnection {

    /** Limits of a connection. */
    record Settings(int bufferSize, Duration lagTolerance, Duration heartbeat, Duration closeGrace, Duration retry) {
    }

    /** How often a connection checks whether it fell behind even when nothing new is emitted. */
    private static final long WATCH_MILLIS = 250;

    private final HttpServerResponse response;
    private final Context context;
    private final EventLog log;
    private final SharedFrames frames;
    private final Subscription subscription;
    private final ResumePoint start;
    private final Settings settings;
    private final Connections connections;
    private final ConnectionEvents events;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile long position;
    private SortKey cursor;
    private volatile long behindSince;
    private long heartbeatTimer = -1;
    private long watchTimer = -1;

    SseConnection(HttpServerResponse response, Context context, EventLog log, SharedFrames frames,
                  Subscription subscription, ResumePoint start, Settings settings, Connections connections,
                  ConnectionEvents events) {
        this.response = response;
        this.context = context;
        this.log = log;
        this.frames = frames;
        this.subscription = subscription;
        this.start = start;
        this.settings = settings;
        this.connections = connections;
        this.events = events;
        this.position = start.startSequence();
        this.cursor = start.skipAtOrBelow();
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
        response.write(SseFormat.retry(settings.retry().toMillis()) + SseFormat.comment("connected"));
        heartbeatTimer = context.owner().setPeriodic(settings.heartbeat().toMillis(), id -> heartbeat());
        watchTimer = context.owner().setPeriodic(WATCH_MILLIS, id -> {
            if (!checkBehind(log.lastSequence())) {
                pump();
            }
        });
        pump();
    }

    /** New events were emitted: disconnect if too far behind, else schedule a pump. Never blocks. */
    void signal(long lastSequence) {
        if (closed.get() || checkBehind(lastSequence)) {
            return;
        }
        if (scheduled.compareAndSet(false, true)) {
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
        while (!closed.get() && !response.writeQueueFull()) {
            MergedEvent next = log.after(position);
            if (next == null) {
                return;
            }
            if (next.sequence() != position + 1 && position < log.beforeFirst()) {
                disconnect("history-overrun", "This connection fell behind the history this replica holds");
                return;
            }
            position = next.sequence();
            if (start.skips(next) || !subscription.accepts(next.attributes())) {
                continue;
            }
            if (cursor == null || next.key().compareTo(cursor) > 0) {
                cursor = next.key();
            }
            String json = subscription.partner().jsonFor(next.attributes(), next.json());
            // the common form (jsonFor hands back the merged JSON itself when it changes nothing): same bytes for all
            if (json == next.json() && cursor.equals(next.key())) {
                response.write(frames.frameOf(next));
            } else {
                response.write(SseFormat.message(Cursor.encode(cursor), next.attributes().type(), json));
            }
            events.delivered(subscription.partner().name());
        }
        if (!closed.get()) {
            response.drainHandler(v -> pump());
        }
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
        if (heartbeatTimer >= 0) {
            context.owner().cancelTimer(heartbeatTimer);
        }
        if (watchTimer >= 0) {
            context.owner().cancelTimer(watchTimer);
        }
    }
}
