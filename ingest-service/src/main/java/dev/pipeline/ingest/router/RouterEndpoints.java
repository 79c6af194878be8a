package dev.pipeline.ingest.router;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import dev.pipeline.ingest.config.IngestConfig;

/**
 * The router write endpoints ingest spreads its requests over: each request starts at the next one in turn and, if
 * that router cannot take it, goes on to the others in order, each tried at most once.
 */
public final class RouterEndpoints {

    private final List<URI> writeUris;
    private final AtomicInteger next = new AtomicInteger();

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

    /** Every endpoint once, starting at the next one in turn. */
    List<URI> attemptOrder() {
        int start = Math.floorMod(next.getAndIncrement(), writeUris.size());
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
