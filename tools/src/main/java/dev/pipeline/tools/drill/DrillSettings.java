package dev.pipeline.tools.drill;

import java.net.URI;
import java.time.Duration;

import dev.pipeline.infra.HttpImpairment;

/**
 * Where the pipeline is and how the drill runs: load rate and length, outage start and length, partners, an
 * unmeasured warm-up load before it all, and the gray failures of scenarios kinesis-brownout and kinesis-errors.
 */
public record DrillSettings(URI ingestUrl, URI streamUrl, URI routerUrl, String producerKey, String partnerToken,
                            Scenario scenario, double ratePerSecond, int keys, int partners, Duration duration,
                            Duration outageStart, Duration outageLength, Duration drainTimeout,
                            Duration failbackWait, Duration warmup, HttpImpairment brownout, HttpImpairment errors) {

    /** Checks that the outage lies inside the load. */
    public DrillSettings {
        if (outageStart.plus(outageLength).compareTo(duration) > 0) {
            throw new IllegalArgumentException("The outage (start " + outageStart.toMillis() + " ms + length "
                    + outageLength.toMillis() + " ms) must end before the load does (" + duration.toMillis() + " ms)");
        }
        if (ratePerSecond <= 0 || keys <= 0 || partners <= 0) {
            throw new IllegalArgumentException("rate, keys and partners must be positive");
        }
    }
}
