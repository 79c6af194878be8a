package dev.pipeline.infra;

import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A gray failure of an HTTP endpoint, applied request by request by {@link TcpFaultProxy}: every request delayed, a
 * share of them by a tail on top (a brownout), and a share answered {@code 500 InternalFailure} by the proxy itself
 * without reaching the endpoint (an error episode). {@link #NONE} forwards everything untouched.
 */
public record HttpImpairment(Duration delay, double tailShare, Duration tail, double errorShare) {

    /** No impairment. */
    public static final HttpImpairment NONE = new HttpImpairment(Duration.ZERO, 0, Duration.ZERO, 0);

    /** Checks the shares are shares and the durations not negative. */
    public HttpImpairment {
        if (delay.isNegative() || tail.isNegative() || tailShare < 0 || tailShare > 1 || errorShare < 0
                || errorShare > 1) {
            throw new IllegalArgumentException("Delays must not be negative and shares must lie within 0..1: " + this);
        }
    }

    /** Every request slowed by {@code delay}, a share of them by {@code tail} more. */
    public static HttpImpairment brownout(Duration delay, double tailShare, Duration tail) {
        return new HttpImpairment(delay, tailShare, tail, 0);
    }

    /** A share of requests answered with a server error. */
    public static HttpImpairment errors(double errorShare) {
        return new HttpImpairment(Duration.ZERO, 0, Duration.ZERO, errorShare);
    }

    public boolean none() {
        return equals(NONE);
    }

    /** The delay for the next request: the base delay, plus the tail for a share of requests. */
    Duration nextDelay() {
        return tailShare > 0 && ThreadLocalRandom.current().nextDouble() < tailShare ? delay.plus(tail) : delay;
    }

    /** Whether the next request is answered with a server error. */
    boolean nextFails() {
        return errorShare > 0 && ThreadLocalRandom.current().nextDouble() < errorShare;
    }

    /** One line, e.g. {@code delay-ms=400 tail-share=0.1 tail-ms=1500 error-share=0}, as {@link #parse} reads it. */
    public String toText() {
        return String.format(Locale.ROOT, "delay-ms=%d tail-share=%s tail-ms=%d error-share=%s", delay.toMillis(),
                tailShare, tail.toMillis(), errorShare);
    }

    /** Reads {@link #toText()}; a missing key is zero. */
    public static HttpImpairment parse(String text) {
        Map<String, String> values = new HashMap<>();
        for (String pair : text.trim().split("\\s+")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                values.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        return new HttpImpairment(Duration.ofMillis(Long.parseLong(values.getOrDefault("delay-ms", "0"))),
                Double.parseDouble(values.getOrDefault("tail-share", "0")),
                Duration.ofMillis(Long.parseLong(values.getOrDefault("tail-ms", "0"))),
                Double.parseDouble(values.getOrDefault("error-share", "0")));
    }
}
