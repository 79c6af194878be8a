package dev.pipeline.ingest.decode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.pipeline.envelope.CloudEvent;
import dev.pipeline.envelope.CloudEventJson;
import dev.pipeline.envelope.EnvelopeException;
import dev.pipeline.ingest.config.IngestConfig;
import dev.pipeline.ingest.service.IngestProblems;
import dev.pipeline.support.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Turns a producer's request, in any of the three content modes, into valid events, or a 4xx problem that
 * names the event (its index in the request, 0 for a single event) and attribute. A batch with any invalid
 * event is rejected whole.
 */
@ApplicationScoped
public class RequestDecoder {

    /** At most this many invalid events are listed in one problem's {@code errors}. */
    static final int MAX_LISTED_ERRORS = 20;

    private final IngestConfig.Limits limits;

    @Inject
    public RequestDecoder(IngestConfig config) {
        this(config.limits());
    }

    public RequestDecoder(IngestConfig.Limits limits) {
        this.limits = limits;
    }

    /** A request's events, and where each lies in its body (structured and batch modes; null in binary mode). */
    public record Decoded(List<CloudEvent> events, byte[] body, EventSpan[] spans) {

        /** Where event {@code index} lies in the body, or null when it was not sent as a JSON object. */
        public EventSpan span(int index) {
            return spans == null ? null : spans[index];
        }
    }

    /** The events of a request; {@code headers} are all request headers (names in any case). */
    public List<CloudEvent> decode(String contentType, Map<String, List<String>> headers, byte[] body) {
        return decodeRequest(contentType, headers, body).events();
    }

    /** As {@link #decode}, with where each event lies in the body. */
    public Decoded decodeRequest(String contentType, Map<String, List<String>> headers, byte[] body) {
        byte[] bytes = body == null ? new byte[0] : body;
        Map<String, String> ceHeaders;
        try {
            ceHeaders = BinaryModeDecoder.attributes(headers);
        } catch (EnvelopeException e) {
            throw IngestProblems.invalidEvent(0, e.attribute(), e.getMessage());
        }
        ContentMode mode = ContentMode.of(contentType, ceHeaders.containsKey("specversion"));
        if (bytes.length > limits.maxRequestBytes()) {
            throw IngestProblems.tooLarge(null, "The request body has " + bytes.length + " bytes; the limit is "
                    + limits.maxRequestBytes() + " bytes per request", limits.maxRequestBytes());
        }
        return switch (mode) {
            case STRUCTURED -> new Decoded(List.of(single(StrictJson.read(bytes, "event"))), bytes,
                    EventSpan.of(bytes, false, 1));
            case BATCH -> {
                List<CloudEvent> events = batch(StrictJson.read(bytes, "batch"));
                yield new Decoded(events, bytes, EventSpan.of(bytes, true, events.size()));
            }
            case BINARY -> new Decoded(List.of(binary(ceHeaders, contentType, bytes)), bytes, null);
        };
    }

    private CloudEvent single(JsonNode node) {
        try {
            return checked(CloudEventJson.fromNode(node));
        } catch (EnvelopeException e) {
            throw IngestProblems.invalidEvent(0, e.attribute(), e.getMessage());
        }
    }

    private static CloudEvent binary(Map<String, String> ceHeaders, String contentType, byte[] body) {
        try {
            return checked(BinaryModeDecoder.decode(ceHeaders, contentType, body));
        } catch (EnvelopeException e) {
            throw IngestProblems.invalidEvent(0, e.attribute(), e.getMessage());
        }
    }

    private List<CloudEvent> batch(JsonNode root) {
        if (!root.isArray()) {
            throw IngestProblems.invalidEvent(null, null, "A CloudEvents batch must be a JSON array of events");
        }
        if (root.isEmpty()) {
            throw IngestProblems.invalidEvent(null, null, "The batch is empty; send at least one event");
        }
        if (root.size() > limits.maxEvents()) {
            throw IngestProblems.tooLarge(null, "The batch has " + root.size() + " events; the limit is "
                    + limits.maxEvents() + " events per request", limits.maxEvents());
        }
        List<CloudEvent> events = new ArrayList<>(root.size());
        List<Map<String, Object>> errors = new ArrayList<>();
        ProblemException first = null;
        for (int index = 0; index < root.size(); index++) {
            try {
                events.add(checked(CloudEventJson.fromNode(root.get(index))));
            } catch (EnvelopeException e) {
                if (first == null) {
                    first = IngestProblems.invalidEvent(index, e.attribute(), "Event " + index + ": " + e.getMessage());
                }
                if (errors.size() < MAX_LISTED_ERRORS) {
                    errors.add(error(index, e));
                }
            }
        }
        if (first != null) {
            throw new ProblemException(first.problem().with(Map.of("errors", errors)));
        }
        return events;
    }

    private static CloudEvent checked(CloudEvent event) {
        EventRules.check(event);
        return event;
    }

    private static Map<String, Object> error(int index, EnvelopeException e) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("index", index);
        if (e.attribute() != null) {
            error.put("attribute", e.attribute());
        }
        error.put("detail", e.getMessage());
        return error;
    }
}
