package dev.pipeline.support.shutdown;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

class InFlightWorkTest {

    @Test
    void workAdmittedBeforeCloseFinishesAndNothingEntersAfter() throws Exception {
        InFlightWork work = new InFlightWork();
        assertTrue(work.tryEnter());
        work.close();
        assertFalse(work.tryEnter(), "closed: no new work");
        assertEquals(1, work.running());
        CompletableFuture<Boolean> idle = CompletableFuture.supplyAsync(() -> {
            try {
                return work.awaitIdle(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertFalse(idle.isDone(), "still waiting for the work admitted before close");
        work.exit();
        await().atMost(Duration.ofSeconds(5)).until(idle::isDone);
        assertTrue(idle.get());
    }

    @Test
    void awaitIdleGivesUpAfterItsTimeout() throws Exception {
        InFlightWork work = new InFlightWork();
        work.tryEnter();
        work.close();
        assertFalse(work.awaitIdle(Duration.ofMillis(50)));
    }
}
