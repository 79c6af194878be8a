package dev.pipeline.tools.drill;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import dev.pipeline.infra.HttpImpairment;

/**
 * Where the pipeline is and how the drill runs: load rate and length, outage start and length, partners, an
 * unmeasured warm-up load before it all, the gray failures of scenarios kinesis-brownout and kinesis-errors, and every
 * replica of a fleet (the first router and stream URLs are {@code routerUrl} and {@code streamUrl}).
 */
public record DrillSettings(URI ingestUrl, URI streamUrl, URI routerUrl, String producerKey, String partnerToken,
                            Scenario scenario, double ratePerSecond, int keys, int partners, Duration duration,
                            Duration outageStart, Duration outageLength, Duration drainTimeout,
                            Duration failbackWait, Duration warmup, HttpImpairment brownout, HttpImpairment errors,
                            List<URI> routerUrls, List<URI> streamUrls) {

    /** Settings for a stack of one router and one delivery replica. */
    public DrillSettings(URI ingestUrl, URI streamUrl, URI routerUrl, String producerKey, String partnerToken,
                         Scenario scenario, double ratePerSecond, int keys, int partners, Duration duration,
                         Duration outageStart, Duration outageLength, Duration drainTimeout,
                         Duration failbackWait, Duration warmup, HttpImpairment brownout, HttpImpairment errors) {
        this(ingestUrl, streamUrl, routerUrl, producerKey, partnerToken, scenario, ratePerSecond, keys, partners,
                duration, outageStart, outageLength, drainTimeout, failbackWait, warmup, brownout, errors,
                List.of(routerUrl), List.of(streamUrl));
    }

    /** Checks that the outage lies inside the load. */
    public DrillSettings {
        routerUrls = List.copyOf(routerUrls);
        streamUrls = List.copyOf(streamUrls);
        if (routerUrls.isEmpty() || streamUrls.isEmpty()) {
            throw new IllegalArgumentException("at least one router and one delivery replica");
        }
        if (outageStart.plus(outageLength).compareTo(duration) > 0) {
            throw new IllegalArgumentException("The outage (start " + outageStart.toMillis() + " ms + length "
                    + outageLength.toMillis() + " ms) must end before the load does (" + duration.toMillis() + " ms)");
        }
        if (ratePerSecond <= 0 || keys <= 0 || partners <= 0) {
            throw new IllegalArgumentException("rate, keys and partners must be positive");
        }
    }
}
