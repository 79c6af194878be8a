package dev.pipeline.router.control;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.pipeline.envelope.ControlTopic;
import dev.pipeline.router.config.RouterConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The fleet as the control topic shows it: each router's and delivery replica's latest status, with the time Kafka
 * stored it. A replica not heard from for {@code router.control.stale-after} is marked stale; one silent for
 * {@code forget-after} is left out (it left the fleet, or its entry is from a replica long gone).
 */
@ApplicationScoped
public class Fleet {

    /** Every replica heard from: routers and delivery replicas, each status as published plus stale and heardAgoMs. */
    public record View(List<ObjectNode> routers, List<ObjectNode> deliveries) {
    }

    private record Heard(ObjectNode status, Instant storedAt) {
    }

    private final Clock clock;
    private final Duration staleAfter;
    private final Duration forgetAfter;
    private final Map<String, Heard> statuses = new ConcurrentHashMap<>();

    @Inject
    public Fleet(RouterConfig config) {
        this(Clock.systemUTC(), config.control().staleAfter(), config.control().forgetAfter());
    }

    Fleet(Clock clock, Duration staleAfter, Duration forgetAfter) {
        this.clock = clock;
        this.staleAfter = staleAfter;
        this.forgetAfter = forgetAfter;
    }

    /** A status record read under {@code key} ({@code router:<id>} or {@code delivery:<id>}); null removes it. */
    void heard(String key, ObjectNode status, Instant storedAt) {
        if (status == null) {
            statuses.remove(key);
        } else {
            statuses.put(key, new Heard(status, storedAt));
        }
    }

    /** The fleet now, newest status first within routers and delivery replicas. */
    public View view() {
        Instant now = clock.instant();
        return new View(members(ControlTopic.ROUTER_PREFIX, now), members(ControlTopic.DELIVERY_PREFIX, now));
    }

    private List<ObjectNode> members(String prefix, Instant now) {
        List<Map.Entry<String, Heard>> heard = new ArrayList<>();
        statuses.forEach((key, status) -> {
            if (key.startsWith(prefix) && Duration.between(status.storedAt(), now).compareTo(forgetAfter) < 0) {
                heard.add(Map.entry(key, status));
            }
        });
        heard.sort(Comparator.comparing((Map.Entry<String, Heard> entry) -> entry.getValue().storedAt()).reversed());
        List<ObjectNode> members = new ArrayList<>();
        for (Map.Entry<String, Heard> entry : heard) {
            Duration age = Duration.between(entry.getValue().storedAt(), now);
            ObjectNode member = entry.getValue().status().deepCopy();
            member.put("stale", age.compareTo(staleAfter) > 0);
            member.put("heardAgoMs", Math.max(0, age.toMillis()));
            members.add(member);
        }
        return members;
    }
}
