package dev.pipeline.delivery.partner;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.jboss.logging.Logger;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;

import dev.pipeline.support.concurrent.DaemonThreads;

/**
 * A partner's JWK set, fetched in the background and kept: token checks only read the last good copy, so they never
 * wait on the partner's server (they run on the event loop) and a failing server leaves the keys already fetched in
 * use. Fetched at start, every refresh interval, sooner (at most every {@value #MIN_ON_DEMAND_SECONDS} s) when a token
 * names a kid not in the set (the partner rotated), and again within {@value #RETRY_SECONDS} s after a failure.
 */
final class JwksCache implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(JwksCache.class);
    static final long MIN_ON_DEMAND_SECONDS = 10;
    static final long RETRY_SECONDS = 30;
    private static final int MAX_BYTES = 1 << 20;
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final String partner;
    private final URI url;
    private final Duration refresh;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final ScheduledExecutorService fetcher;
    private final AtomicLong lastOnDemand = new AtomicLong(Long.MIN_VALUE / 2);
    private volatile Map<String, SigningKey> keys = Map.of();

    JwksCache(String partner, URI url, Duration refresh) {
        this.partner = partner;
        this.url = url;
        this.refresh = refresh;
        this.fetcher = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("jwks-" + partner));
    }

    /** Starts fetching; returns at once (a partner's server being down must not delay or fail start-up). */
    void start() {
        fetcher.execute(this::fetchAndReschedule);
    }

    /** The key with that kid in the last set fetched; an unknown kid asks for an early fetch. */
    Optional<SigningKey> key(String kid) {
        SigningKey key = keys.get(kid);
        if (key == null) {
            fetchSoon();
        }
        return Optional.ofNullable(key);
    }

    /** How many keys the last good fetch held. */
    int size() {
        return keys.size();
    }

    private void fetchSoon() {
        long now = System.nanoTime();
        long last = lastOnDemand.get();
        if (now - last >= TimeUnit.SECONDS.toNanos(MIN_ON_DEMAND_SECONDS) && lastOnDemand.compareAndSet(last, now)) {
            try {
                fetcher.execute(this::fetch);
            } catch (RejectedExecutionException closed) {
                // the replica is shutting down
            }
        }
    }

    private void fetchAndReschedule() {
        boolean fetched = fetch();
        long delay = fetched ? refresh.toMillis() : Math.min(refresh.toMillis(), TimeUnit.SECONDS.toMillis(RETRY_SECONDS));
        try {
            fetcher.schedule(this::fetchAndReschedule, delay, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closed) {
            // the replica is shutting down
        }
    }

    private boolean fetch() {
        try {
            HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(url).timeout(TIMEOUT)
                    .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            byte[] body;
            try (InputStream in = response.body()) {
                body = in.readNBytes(MAX_BYTES + 1);
            }
            if (response.statusCode() != 200) {
                throw new IOException("answered " + response.statusCode());
            }
            if (body.length > MAX_BYTES) {
                throw new IOException("a JWK set larger than " + MAX_BYTES + " bytes");
            }
            keys = usable(JWKSet.parse(new String(body, StandardCharsets.UTF_8)));
            LOG.debugf("JWK set of partner %s: %d signing keys from %s", partner, keys.size(), url);
            return true;
        } catch (IOException | ParseException | RuntimeException e) {
            LOG.warnf("JWK set of partner %s from %s not fetched (%s); its last %d keys stay in use", partner, url,
                    e.getMessage(), keys.size());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The set's signature keys; one that cannot be used is skipped (and logged), not the whole set. */
    private Map<String, SigningKey> usable(JWKSet set) {
        Map<String, SigningKey> usable = new HashMap<>();
        for (JWK jwk : set.getKeys()) {
            if (jwk.getKeyUse() != null && !"sig".equals(jwk.getKeyUse().identifier())) {
                continue;
            }
            try {
                SigningKey key = SigningKey.fromJwk(jwk);
                usable.put(key.kid(), key);
            } catch (IllegalArgumentException e) {
                LOG.warnf("JWK set of partner %s: key %s skipped: %s", partner, jwk.getKeyID(), e.getMessage());
            }
        }
        return Map.copyOf(usable);
    }

    @Override
    public void close() {
        fetcher.shutdownNow();
    }
}
