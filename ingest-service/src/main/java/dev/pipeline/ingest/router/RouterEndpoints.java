package dev.pipeline.ingest.router;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import dev.pipeline.ingest.config.IngestConfig;

/**
 * The router write endpoints ingest spreads its requests over: a request starts at the router its first event's
 * partition key maps to and, if that router cannot take it, goes on to the others in order, each tried at most once.
 * One key, one router while the fleet is whole: a key's events then follow one router's sequencing and sink choice,
 * so they share a lane in the stream and keep their order without relying on the merge's allowance (two routers on
 * different sinks during a restart or a failover would put a key's consecutive events on two streams).
 */
public final class RouterEndpoints {

    private final List<URI> writeUris;

    RouterEndpoints(List<URI> baseUrls) {
        if (baseUrls.isEmpty()) {
            throw new IllegalStateException("ingest.router.urls is set but empty: name at least one router");
        }
        this.writeUris = baseUrls.stream().map(url -> url.resolve("/v1/events")).toList();
    }

    /** The routers of the settings: {@code ingest.router.urls} when set, else the one {@code ingest.router.url}. */
    static RouterEndpoints of(IngestConfig.Router config) {
        return new RouterEndpoints(config.urls().filter(urls -> !urls.isEmpty()).orElse(List.of(config.url())));
    }

    /** Every endpoint once, starting at the one {@code partitionKey} maps to. */
    List<URI> attemptOrder(String partitionKey) {
        int hash = partitionKey.hashCode();
        int start = Math.floorMod(hash ^ hash >>> 16, writeUris.size());
        List<URI> order = new ArrayList<>(writeUris.size());
        for (int i = 0; i < writeUris.size(); i++) {
            order.add(writeUris.get((start + i) % writeUris.size()));
        }
        return order;
    }

    int size() {
        return writeUris.size();
    }
}
