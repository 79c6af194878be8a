package dev.pipeline.delivery.kinesis;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;

import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

import software.amazon.awssdk.services.kinesis.model.SubscribeToShardEvent;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardEventStream;

/**
 * One SubscribeToShard call's event stream, asking Kinesis for one event at a time: the next only once the reader has
 * handled the previous one ({@link #requestNext()}), so a reader held back by its partners holds the shard's pushes
 * back too. Events and the stream's end are queued for the reader thread.
 */
final class ShardSubscription implements Subscriber<SubscribeToShardEventStream> {

    /** What the reader thread takes from the queue: an event (with when it arrived), or the end of a subscription. */
    record Pushed(ShardSubscription from, SubscribeToShardEvent event, Instant receivedAt, Throwable failure) {

        boolean ended() {
            return event == null;
        }
    }

    private final String shardId;
    private final BlockingQueue<Pushed> queue;
    private final Clock clock;
    private final long startedNanos = System.nanoTime();
    private volatile Subscription upstream;
    private volatile boolean cancelled;

    ShardSubscription(String shardId, BlockingQueue<Pushed> queue, Clock clock) {
        this.shardId = shardId;
        this.queue = queue;
        this.clock = clock;
    }

    String shardId() {
        return shardId;
    }

    long startedNanos() {
        return startedNanos;
    }

    @Override
    public void onSubscribe(Subscription subscription) {
        upstream = subscription;
        if (cancelled) {
            subscription.cancel();
        } else {
            subscription.request(1);
        }
    }

    @Override
    public void onNext(SubscribeToShardEventStream item) {
        if (item instanceof SubscribeToShardEvent event) {
            queue.add(new Pushed(this, event, clock.instant(), null));
        } else {
            upstream.request(1); // not an event of this API version: skip it
        }
    }

    /** The stream's end is taken from the call's future ({@link #ended}), which also reports calls that never started. */
    @Override
    public void onError(Throwable failure) {
        // see ended
    }

    @Override
    public void onComplete() {
        // see ended
    }

    /** The call is over: Kinesis ended it (after 5 minutes, null), or it failed or was cancelled. */
    void ended(Throwable failure) {
        queue.add(new Pushed(this, null, clock.instant(), failure));
    }

    /** The reader handled the last event: Kinesis may push the next. */
    void requestNext() {
        Subscription subscription = upstream;
        if (subscription != null && !cancelled) {
            subscription.request(1);
        }
    }

    void cancel() {
        cancelled = true;
        Subscription subscription = upstream;
        if (subscription != null) {
            subscription.cancel();
        }
    }
}
