package dev.pipeline.delivery.sse;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import dev.pipeline.delivery.catchup.CatchUpSession;
import dev.pipeline.delivery.catchup.CatchUps;
import dev.pipeline.delivery.catchup.StreamRetention;
import dev.pipeline.delivery.config.DeliveryConfig;
import dev.pipeline.delivery.merge.Cursor;
import dev.pipeline.delivery.merge.EventLog;
import dev.pipeline.delivery.merge.EventTime;
import dev.pipeline.delivery.merge.ResumeException;
import dev.pipeline.delivery.merge.ResumePoint;
import dev.pipeline.delivery.merge.SortKey;
import dev.pipeline.delivery.partner.Partner;
import dev.pipeline.delivery.partner.Partners;
import dev.pipeline.delivery.partner.Subscription;
import dev.pipeline.delivery.partner.TypePattern;
import dev.pipeline.support.problem.Problem;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /v1/stream}: authenticates the partner, checks its filters against its entitlements, finds where
 * to start (live, after a Last-Event-ID cursor, or since a time: from the in-memory tail where it covers that point,
 * else from a catch-up read of the streams, or 410 beyond their retention) and opens an {@link SseConnection}.
 */
public final class StreamHandler implements Handler<RoutingContext> {

    public static final String PATH = "/v1/stream";
    /** Response header naming where the stream starts: "memory" (the in-memory tail) or "streams" (a catch-up read). */
    public static final String RESUMED_FROM = "Pipeline-Resumed-From";

    /** How far in the future a cursor may point before it is treated as forged. */
    private static final Duration FUTURE_TOLERANCE = Duration.ofMinutes(1);

    private final Partners partners;
    private final EventLog log;
    private final CatchUps catchUps;
    private final StreamRetention retention;
    private final Duration duplicateLookback;
    private final Clock clock;
    private final Connections connections;
    private final ConnectionEvents events;
    private final SseConnection.Settings settings;
    private final SharedFrames frames = new SharedFrames();

    public StreamHandler(Partners partners, EventLog log, CatchUps catchUps, StreamRetention retention,
                         Duration duplicateLookback, Clock clock, Connections connections, ConnectionEvents events,
                         DeliveryConfig.Sse sse) {
        this.partners = partners;
        this.log = log;
        this.catchUps = catchUps;
        this.retention = retention;
        this.duplicateLookback = duplicateLookback;
        this.clock = clock;
        this.connections = connections;
        this.events = events;
        this.settings = new SseConnection.Settings(sse.bufferSize(), sse.lagTolerance(), sse.heartbeatInterval(),
                sse.closeGracePeriod(), sse.retry(), sse.cursorRefreshInterval());
    }

    @Override
    public void handle(RoutingContext routing) {
        HttpServerRequest request = routing.request();
        Optional<Partner> partner = partners.authenticate(token(request));
        if (partner.isEmpty()) {
            routing.response().putHeader("WWW-Authenticate", "Bearer realm=\"delivery\"");
            ProblemResponses.send(routing.response(), ProblemResponses.unauthorized());
            return;
        }
        Subscription subscription;
        Resume resume;
        try {
            subscription = subscription(partner.get(), request);
            resume = resume(request);
        } catch (RequestProblem e) {
            ProblemResponses.send(routing.response(), e.problem);
            return;
        }
        Context context = Vertx.currentContext();
        Optional<SseConnection.Start> fromMemory = resume.fromMemory();
        if (fromMemory.isPresent()) {
            open(routing, context, subscription, fromMemory.get());
            return;
        }
        // asking the streams' retention and starting readers block: not on the event loop
        catchUpAfter(resume.after()).onComplete(started -> {
            if (started.succeeded()) {
                open(routing, context, subscription, started.result());
            } else if (started.cause() instanceof RequestProblem e) {
                if (e.problem.status() == 503) {
                    routing.response().putHeader("Retry-After", "5");
                }
                ProblemResponses.send(routing.response(), e.problem);
            } else {
                routing.fail(started.cause());
            }
        });
    }

    private void open(RoutingContext routing, Context context, Subscription subscription, SseConnection.Start start) {
        if (routing.response().closed()) {
            return;
        }
        SseConnection connection = new SseConnection(routing.response(), context, log, frames, subscription, start,
                settings, connections, events, this::catchUpAfter);
        Partner partner = subscription.partner();
        if (!connections.admit(connection, partner)) {
            ProblemResponses.send(routing.response(), ProblemResponses.tooManyStreams(partner.maxStreams()));
            return;
        }
        routing.response().putHeader(RESUMED_FROM, start.catchUp() != null ? "streams" : "memory");
        connection.open();
    }

    /** A catch-up read serving a partner after {@code after}, found or started on a worker thread. */
    Future<SseConnection.Start> catchUpAfter(SortKey after) {
        return Vertx.currentContext().owner().executeBlocking(() -> catchUp(after), false);
    }

    /**
     * Where a partner asked to start: served from memory when the in-memory tail covers it, else after {@code after}
     * from a catch-up read.
     */
    private record Resume(Optional<SseConnection.Start> fromMemory, SortKey after) {
    }

    private static String token(HttpServerRequest request) {
        String header = request.getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return header.substring(7).trim();
        }
        return request.getParam("access_token");
    }

    private static Subscription subscription(Partner partner, HttpServerRequest request) {
        List<TypePattern> types = new ArrayList<>();
        for (String value : request.params().getAll("type")) {
            for (String text : value.split(",")) {
                if (text.isBlank()) {
                    continue;
                }
                TypePattern pattern;
                try {
                    pattern = TypePattern.parse(text);
                } catch (IllegalArgumentException e) {
                    throw new RequestProblem(ProblemResponses.badRequest("invalid-filter", "Invalid filter", e.getMessage()));
                }
                if (!partner.mayRequest(pattern)) {
                    throw new RequestProblem(ProblemResponses.forbidden("The type filter \"" + pattern.text()
                            + "\" asks for event types this partner is not entitled to"));
                }
                types.add(pattern);
            }
        }
        return new Subscription(partner, types, request.getParam("subjectPrefix"));
    }

    private Resume resume(HttpServerRequest request) {
        String cursor = request.getHeader("Last-Event-ID");
        if (cursor == null || cursor.isBlank()) {
            cursor = request.getParam("lastEventId");
        }
        String since = request.getParam("since");
        try {
            if (cursor != null && !cursor.isBlank()) {
                SortKey after = decode(cursor);
                if (EventTime.instant(after.micros()).isAfter(clock.instant().plus(FUTURE_TOLERANCE))) {
                    throw new ResumeException(ResumeException.Reason.UNKNOWN, "The cursor points into the future");
                }
                return live(() -> log.afterCursor(after), after);
            }
            if (since != null && !since.isBlank()) {
                long micros = EventTime.micros(parseTime(since));
                return live(() -> log.since(micros), SortKey.floor(micros));
            }
            return new Resume(Optional.of(new SseConnection.Start(log, log.live(), null)), null);
        } catch (ResumeException e) {
            throw new RequestProblem(ProblemResponses.badRequest("unknown-cursor", "Unknown cursor", e.getMessage()));
        }
    }

    /** From the in-memory tail if it covers the point, else from a catch-up read. */
    private Resume live(Supplier<ResumePoint> point, SortKey from) {
        try {
            return new Resume(Optional.of(new SseConnection.Start(log, point.get(), null)), from);
        } catch (ResumeException e) {
            if (e.reason() != ResumeException.Reason.EXPIRED) {
                throw e;
            }
            return new Resume(Optional.empty(), from);
        }
    }

    /** Reads the streams again from {@code from}, unless they no longer hold it (410, naming what they hold). */
    private SseConnection.Start catchUp(SortKey from) {
        Optional<Instant> retained = retention.oldestRetained();
        if (retained.isPresent()) {
            Instant oldest = retained.get().plus(duplicateLookback);
            if (EventTime.instant(from.micros()).isBefore(oldest)) {
                throw new RequestProblem(ProblemResponses.cursorExpired("The streams no longer hold every event after "
                        + "that point; the oldest point to resume from is " + oldest
                        + " (resume with ?since= at or after it, or from live)", oldest));
            }
        }
        CatchUpSession session;
        try {
            session = catchUps.sessionFor(from);
        } catch (CatchUps.CatchUpCapacityException e) {
            throw new RequestProblem(ProblemResponses.catchUpBusy(e.getMessage() + "; retry shortly"));
        }
        return new SseConnection.Start(session.log(), session.startAfter(from), session);
    }

    private static SortKey decode(String cursor) {
        try {
            return Cursor.decode(cursor);
        } catch (IllegalArgumentException e) {
            throw new RequestProblem(ProblemResponses.badRequest("invalid-cursor", "Invalid cursor",
                    "Last-Event-ID is not a cursor issued by this feed"));
        }
    }

    private static Instant parseTime(String since) {
        try {
            return OffsetDateTime.parse(since).toInstant();
        } catch (DateTimeParseException e) {
            throw new RequestProblem(ProblemResponses.badRequest("invalid-since", "Invalid since",
                    "since must be an RFC 3339 time such as 2026-01-31T12:00:00Z"));
        }
    }

    /** A request the feed answers with a problem instead of a stream. */
    private static final class RequestProblem extends RuntimeException {
        private final Problem problem;

        RequestProblem(Problem problem) {
            super(problem.detail(), null, false, false);
            this.problem = problem;
        }
    }
}
