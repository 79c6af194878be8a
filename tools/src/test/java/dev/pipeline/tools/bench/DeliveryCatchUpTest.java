package dev.pipeline.tools.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.OptionalDouble;

import org.junit.jupiter.api.Test;

class DeliveryCatchUpTest {

    private static final String EXPOSITION = """
            # TYPE delivery_merge_watermark_delay_milliseconds gauge
            delivery_merge_watermark_delay_milliseconds_total 9.0
            delivery_merge_watermark_delay_milliseconds 350.0
            delivery_source_lag{source="kafka",unit="records"} 12.0
            """;

    @Test
    void readsAnUntaggedGaugeByItsExactName() {
        assertEquals(OptionalDouble.of(350.0), DeliveryCatchUp.gauge(EXPOSITION, "delivery_merge_watermark_delay_milliseconds"));
    }

    @Test
    void aMissingGaugeIsEmpty() {
        assertEquals(OptionalDouble.empty(), DeliveryCatchUp.gauge(EXPOSITION, "delivery_merge_pending"));
    }
}
