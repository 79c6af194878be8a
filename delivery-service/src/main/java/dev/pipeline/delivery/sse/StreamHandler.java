package dev.pipeline.delivery.sse;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /v1/stream}: authenticates the partner, checks its filters against its entitlements, finds where
 * to start (live, after a Last-Event-ID cursor, or since a time) and opens an {@link SseConnection}.
 */
public final class StreamHandler implements Handler<RoutingContext> {

    public static final String PATH = "/v1/stream";

    private final Partners partners;
    private final EventLog log;
    private final Connections connections;
    private final ConnectionEvents events;
    private final SseConnection.Settings settings;
    private final SharedFrames frames = new SharedFrames();

    public StreamHandler(Partners partners, EventLog log, Connections connections, ConnectionEvents events,
                         DeliveryConfig.Sse sse) {
        this.partners = partners;
        this.log = log;
        this.connections = connections;
        this.events = events;
        this.settings = new SseConnection.Settings(sse.bufferSize(), sse.lagTolerance(), sse.heartbeatInterval(),
                sse.closeGracePeriod(), sse.retry());
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
        ResumePoint start;
        try {
            subscription = subscription(partner.get(), request);
            start = start(request);
        } catch (RequestProblem e) {
            ProblemResponses.send(routing.response(), e.problem);
            return;
        }
        SseConnection connection = new SseConnection(routing.response(), Vertx.currentContext(), log, frames, subscription,
                start, settings, connections, events);
        if (!connections.admit(connection, partner.get())) {
            ProblemResponses.send(routing.response(), ProblemResponses.tooManyStreams(partner.get().maxStreams()));
            return;
        }
        connection.open();
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

    private ResumePoint start(HttpServerRequest request) {
        String cursor = request.getHeader("Last-Event-ID");
        if (cursor == null || cursor.isBlank()) {
            cursor = request.getParam("lastEventId");
        }
        String since = request.getParam("since");
        try {
            if (cursor != null && !cursor.isBlank()) {
                return log.afterCursor(decode(cursor));
            }
            if (since != null && !since.isBlank()) {
                return log.since(EventTime.micros(parseTime(since)));
            }
            return log.live();
        } catch (ResumeException e) {
            throw new RequestProblem(e.reason() == ResumeException.Reason.EXPIRED
                    ? ProblemResponses.cursorExpired(e.getMessage())
                    : ProblemResponses.badRequest("unknown-cursor", "Unknown cursor", e.getMessage()));
        }
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
