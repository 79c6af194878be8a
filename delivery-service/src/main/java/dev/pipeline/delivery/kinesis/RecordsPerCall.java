package dev.pipeline.delivery.kinesis;

/**
 * How many records to ask each GetRecords call for. A slow endpoint can take longer than the call timeout to
 * return a full batch, and then every retry of the same request times out again and the reader never makes
 * progress (a restarted replica catching up met exactly that): after a timed-out call ask for a quarter as many,
 * after a successful round for twice as many again, between {@link #MIN} and the configured maximum.
 */
final class RecordsPerCall {

    static final int MIN = 10;

    private final int max;
    private int current; // the reader's own thread only: a round reads it once and hands the value to its calls

    RecordsPerCall(int max) {
        this.max = Math.max(MIN, max);
        this.current = this.max;
    }

    int current() {
        return current;
    }

    void timedOut() {
        current = Math.max(MIN, current / 4);
    }

    void succeeded() {
        current = (int) Math.min(max, current * 2L);
    }
}
