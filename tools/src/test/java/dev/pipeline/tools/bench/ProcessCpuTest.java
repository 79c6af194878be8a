package dev.pipeline.tools.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ProcessCpuTest {

    @Test
    void userPlusSystemTicksAreFieldsFourteenAndFifteenEvenWithSpacesAndParenthesesInTheName() {
        String stat = "4242 (java (delivery) x) S 1 4242 4242 0 -1 4194560 90000 0 12 0 1234 567 0 0 20 0 55 0 "
                + "123456 9999999 8888 18446744073709551615 1 1 0 0 0 0 0 4096 16384 0 0 0 17 1 0 0 0 0 0";
        assertEquals(1234 + 567, ProcessCpu.ticksOf(stat));
    }

    @Test
    void cpuPerFrameIsTheTicksSpentOverTheFramesDelivered() {
        // 250 ticks at 100 per second = 2.5 s of CPU over 1,000,000 frames = 2.5 µs a frame
        assertEquals(2.5, ProcessCpu.microsPerFrame(1000, 1250, 1_000_000), 1e-9);
        assertTrue(Double.isNaN(ProcessCpu.microsPerFrame(1000, 1250, 0)), "no frames: no figure");
        assertTrue(Double.isNaN(ProcessCpu.microsPerFrame(1250, 1000, 10)), "a restarted process: no figure");
    }

    @Test
    void readsTheTicksOfALiveProcess() {
        long pid = ProcessHandle.current().pid();
        long before = ProcessCpu.ticks(pid).orElseThrow();
        // burn a little CPU so the ticks move
        long deadline = System.nanoTime() + 300_000_000L;
        double sink = 0;
        while (System.nanoTime() < deadline) {
            sink += Math.sqrt(sink + 1);
        }
        assertTrue(sink > 0);
        assertTrue(ProcessCpu.ticks(pid).orElseThrow() > before);
        assertTrue(ProcessCpu.ticks(Long.MAX_VALUE).isEmpty(), "no such process");
    }
}
