package dev.pipeline.delivery.kinesis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RecordsPerCallTest {

    @Test
    void shrinksAfterTimeoutsDownToTheMinimumAndGrowsBackToTheMaximum() {
        RecordsPerCall limit = new RecordsPerCall(1000);
        assertEquals(1000, limit.current());
        limit.timedOut();
        assertEquals(250, limit.current());
        limit.timedOut();
        limit.timedOut();
        limit.timedOut();
        assertEquals(RecordsPerCall.MIN, limit.current());
        limit.succeeded();
        assertEquals(2 * RecordsPerCall.MIN, limit.current());
        for (int i = 0; i < 10; i++) {
            limit.succeeded();
        }
        assertEquals(1000, limit.current());
    }
}
