package dev.pipeline.tools.drill;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.pipeline.tools.RoutingClient;

/** Every router and delivery replica of the stack at one moment, as the drill's preconditions judge them. */
public record FleetSnapshot(List<ReplicaState> routers, List<ReplicaState> deliveries) {

    /** Asks each replica (readiness, and each router's {@code GET /v1/routing}). */
    public static FleetSnapshot probe(HttpClient http, List<URI> routerUrls, List<URI> deliveryUrls) {
        List<ReplicaState> routers = new ArrayList<>();
        for (int k = 0; k < routerUrls.size(); k++) {
            RoutingClient routing = new RoutingClient(http, routerUrls.get(k));
            routers.add(new ReplicaState(name("router", k + 1), routing.ready(), routing.state().orElse(null),
                    routing.target().orElse(null)));
        }
        List<ReplicaState> deliveries = new ArrayList<>();
        for (int k = 0; k < deliveryUrls.size(); k++) {
            deliveries.add(new ReplicaState(name("delivery", k + 1), ready(http, deliveryUrls.get(k)), null, null));
        }
        return new FleetSnapshot(routers, deliveries);
    }

    /** {@code router}, {@code router-2}, ...: the names bin/pipeline gives replicas. */
    static String name(String kind, int replica) {
        return replica == 1 ? kind : kind + "-" + replica;
    }

    private static boolean ready(HttpClient http, URI base) {
        try {
            return http.send(HttpRequest.newBuilder(base.resolve("/q/health/ready")).timeout(Duration.ofSeconds(3))
                    .build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (java.io.IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
