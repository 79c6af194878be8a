package dev.pipeline.ingest.backpressure;

import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.pipeline.ingest.config.IngestConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Bounds the producer requests (and their body bytes) being validated or forwarded at once. It never waits:
 * a request that does not fit is refused at once, so there is no queue to grow.
 */
@ApplicationScoped
public class InFlightLimiter {

    private final Semaphore requests;
    private final Semaphore bytes;
    private final int maxBytesPerPermit;

    public InFlightLimiter(IngestConfig config, MeterRegistry registry) {
        IngestConfig.Backpressure settings = config.backpressure();
        if (settings.maxInFlightBytes() < config.limits().maxRequestBytes()) {
            throw new IllegalStateException("ingest.backpressure.max-in-flight-bytes (" + settings.maxInFlightBytes()
                    + ") must be at least ingest.limits.max-request-bytes (" + config.limits().maxRequestBytes() + ")");
        }
        if (settings.maxInFlightRequests() < 1) {
            throw new IllegalStateException("ingest.backpressure.max-in-flight-requests must be at least 1");
        }
        this.requests = new Semaphore(settings.maxInFlightRequests());
        // Semaphore counts in int: bytes are counted in KiB so that large budgets fit.
        this.bytes = new Semaphore((int) Math.min(Integer.MAX_VALUE, settings.maxInFlightBytes() / 1024));
        this.maxBytesPerPermit = bytes.availablePermits();
        Gauge.builder("ingest.inflight.requests", requests, r -> settings.maxInFlightRequests() - r.availablePermits())
                .description("Producer requests being validated or forwarded").register(registry);
    }

    /** A slot for a request of {@code bodyBytes}, or empty when too much is in flight. */
    public Optional<Permit> tryAcquire(long bodyBytes) {
        int kib = (int) Math.min(maxBytesPerPermit, (bodyBytes + 1023) / 1024);
        if (!requests.tryAcquire()) {
            return Optional.empty();
        }
        if (!bytes.tryAcquire(kib)) {
            requests.release();
            return Optional.empty();
        }
        return Optional.of(new Permit(kib));
    }

    /** One admitted request; {@link #release()} is idempotent. */
    public final class Permit {

        private final int kib;
        private final AtomicBoolean released = new AtomicBoolean();

        private Permit(int kib) {
            this.kib = kib;
        }

        public void release() {
            if (released.compareAndSet(false, true)) {
                bytes.release(kib);
                requests.release();
            }
        }
    }
}
