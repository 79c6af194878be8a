package dev.pipeline.tools.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;

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

    @Test
    void checksWithoutALagDoNotHoldTheSourcesBack() throws IOException {
        assertTrue(DeliveryCatchUp.sourcesRead("""
                {"status":"UP","checks":[{"name":"kinesis-source","status":"UP","data":{"lag":0}},
                {"name":"Graceful Shutdown","status":"UP"},{"name":"kafka-source","status":"UP","data":{"lag":0}}]}
                """));
    }

    @Test
    void aSourceWithALagIsNotRead() throws IOException {
        assertFalse(DeliveryCatchUp.sourcesRead("""
                {"status":"UP","checks":[{"name":"kinesis-source","data":{"lag":0}},{"name":"kafka-source","data":{"lag":3}}]}
                """));
    }

    @Test
    void noSourceReportedIsNotRead() throws IOException {
        assertFalse(DeliveryCatchUp.sourcesRead("""
                {"status":"UP","checks":[{"name":"Graceful Shutdown","status":"UP"}]}
                """));
    }
}
