package dev.pipeline.router.health;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;

/** The error text a failed probe shows operators on the status page and in {@code GET /v1/routing}. */
class ProbeErrorTextTest {

    @Test
    void namesTheCauseOfAFailedFuture() {
        assertEquals("broker gone", SinkProbes.describe(new ExecutionException(new IllegalStateException("broker gone"))));
    }

    @Test
    void namesTheTypeWhenThereIsNoMessage() {
        assertEquals("TimeoutException", SinkProbes.describe(new TimeoutException()));
        assertEquals("TimeoutException", SinkProbes.describe(new ExecutionException(new TimeoutException())));
    }
}
