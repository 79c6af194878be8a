package dev.pipeline.router.kinesis;

import java.net.SocketTimeoutException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.jboss.logging.Logger;

import dev.pipeline.envelope.CloudEvent;
import dev.pipeline.envelope.KinesisRecordCodec;
import dev.pipeline.router.config.RouterConfig;
import dev.pipeline.router.health.KinesisCalls;
import dev.pipeline.router.sink.EventSink;
import dev.pipeline.router.sink.SinkWriteException;
import dev.pipeline.support.concurrent.DaemonThreads;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.KinesisException;
import software.amazon.awssdk.services.kinesis.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

/**
 * Writes events to Kinesis with PutRecords. Each call holds at most one record per partition key (the oldest
 * not yet stored), so a record that fails and is resent can never land after a newer one of its key; only
 * the records PutRecords reports failed are resent, a bounded number of times. Each call is reported to
 * {@link KinesisCalls} on its own, so health is judged per call, never per write. A record Kinesis refuses as
 * invalid ends the write: the producer must change it, resending cannot help.
 */
@ApplicationScoped
@Identifier(EventSink.KINESIS)
public class KinesisSink implements EventSink {

    /** Kinesis' limit on records per PutRecords call. */
    public static final int MAX_RECORDS_PER_CALL = 500;
    /** Kinesis' limit on the payload of one PutRecords call (data plus partition keys). */
    public static final int MAX_BYTES_PER_CALL = 5 * 1024 * 1024;
    static final String THROTTLED = "ProvisionedThroughputExceededException";
    /** Error codes by which Kinesis refuses a record or a call as invalid, for an entry or the whole call. */
    static final Set<String> INVALID = Set.of("InvalidArgumentException", "ValidationException");

    private static final Logger LOG = Logger.getLogger(KinesisSink.class);

    private final KinesisClient client;
    private final RouterConfig.Kinesis config;
    private final KinesisCalls calls;
    /** Where the SDK's blocking calls run, so a writer can stop waiting for one ({@link #abandonCallsInFlight}). */
    private final ExecutorService callThreads = Executors.newCachedThreadPool(DaemonThreads.named("kinesis-call"));
    private final Set<CompletableFuture<List<PutRecordsResultEntry>>> waiting = ConcurrentHashMap.newKeySet();

    public KinesisSink(KinesisClient client, RouterConfig config, KinesisCalls calls) {
        this.client = client;
        this.config = config.kinesis();
        this.calls = calls;
    }

    @Override
    public String name() {
        return KINESIS;
    }

    @Override
    public void write(List<CloudEvent> events) throws SinkWriteException {
        Map<String, Deque<Pending>> byKey = new LinkedHashMap<>();
        for (CloudEvent event : events) {
            KinesisRecordCodec.KinesisRecord record = KinesisRecordCodec.toRecord(event);
            byKey.computeIfAbsent(record.partitionKey(), k -> new ArrayDeque<>()).add(new Pending(event, record));
        }
        boolean throttledOnly = true;
        while (!byKey.isEmpty()) {
            List<Pending> call = nextCall(byKey);
            List<PutRecordsResultEntry> results = put(call, byKey, events);
            boolean anyFailed = false;
            String exhausted = null;
            String invalid = null;
            for (int i = 0; i < call.size(); i++) {
                Pending pending = call.get(i);
                String errorCode = results.get(i).errorCode();
                if (errorCode == null) {
                    Deque<Pending> queue = byKey.get(pending.record.partitionKey());
                    queue.removeFirst();
                    if (queue.isEmpty()) {
                        byKey.remove(pending.record.partitionKey());
                    }
                } else if (INVALID.contains(errorCode)) {
                    invalid = "Kinesis refused event " + pending.event.id() + " (index " + events.indexOf(pending.event)
                            + "): " + errorCode + ": " + results.get(i).errorMessage();
                } else {
                    anyFailed = true;
                    throttledOnly &= THROTTLED.equals(errorCode);
                    if (++pending.attempts >= config.maxRecordAttempts()) {
                        exhausted = "record " + pending.event.id() + " failed " + pending.attempts + " times, last with "
                                + errorCode + ": " + results.get(i).errorMessage();
                    }
                    LOG.debugf("Kinesis refused record %s (%s)", pending.event.id(), errorCode);
                }
            }
            // settle the whole call first, so entries stored in it are not reported unconfirmed
            if (invalid != null) {
                throw new SinkWriteException(KINESIS, SinkWriteException.Cause.INVALID, remaining(byKey, events),
                        invalid, null);
            }
            if (exhausted != null) {
                throw new SinkWriteException(KINESIS, throttledOnly ? SinkWriteException.Cause.THROTTLED
                        : SinkWriteException.Cause.UNAVAILABLE, remaining(byKey, events), exhausted, null);
            }
            if (anyFailed) {
                backoff(call);
            }
        }
    }

    /** The oldest pending record of each key, within the per-call count and size limits. */
    private List<Pending> nextCall(Map<String, Deque<Pending>> byKey) {
        List<Pending> call = new ArrayList<>();
        int bytes = 0;
        for (Deque<Pending> queue : byKey.values()) {
            Pending head = queue.peekFirst();
            int size = head.size();
            if (call.size() == config.maxBatchRecords() || (!call.isEmpty() && bytes + size > MAX_BYTES_PER_CALL)) {
                break;
            }
            call.add(head);
            bytes += size;
        }
        return call;
    }

    /**
     * One PutRecords call, made on a call thread and reported to {@link KinesisCalls} there however it ends (an
     * abandoned call too, when it ends). The writer waits for its outcome unless the call is abandoned first.
     */
    private List<PutRecordsResultEntry> put(List<Pending> call, Map<String, Deque<Pending>> byKey,
                                            List<CloudEvent> events) throws SinkWriteException {
        List<PutRecordsRequestEntry> entries = call.stream().map(p -> PutRecordsRequestEntry.builder()
                .partitionKey(p.record.partitionKey())
                .data(SdkBytes.fromByteArrayUnsafe(p.record.data()))
                .build()).toList();
        CompletableFuture<List<PutRecordsResultEntry>> outcome = new CompletableFuture<>();
        waiting.add(outcome);
        try {
            callThreads.execute(() -> putRecords(entries, outcome));
            return outcome.join();
        } catch (CompletionException e) {
            throw failure(e.getCause(), byKey, events);
        } finally {
            waiting.remove(outcome);
        }
    }

    /** Runs on a call thread: the SDK call, its report to {@link KinesisCalls}, and its outcome for the writer. */
    private void putRecords(List<PutRecordsRequestEntry> entries,
                            CompletableFuture<List<PutRecordsResultEntry>> outcome) {
        long id = calls.started();
        try {
            List<PutRecordsResultEntry> results =
                    client.putRecords(r -> r.streamName(config.stream()).records(entries)).records();
            int failed = 0;
            int throttled = 0;
            for (PutRecordsResultEntry result : results) {
                if (THROTTLED.equals(result.errorCode())) {
                    throttled++;
                } else if (result.errorCode() != null && !INVALID.contains(result.errorCode())) {
                    failed++;
                }
            }
            calls.answered(id, entries.size(), failed, throttled);
            outcome.complete(results);
        } catch (ProvisionedThroughputExceededException e) {
            calls.answered(id, entries.size(), 0, entries.size());
            outcome.completeExceptionally(e);
        } catch (KinesisException e) {
            if (refusedAsInvalid(e)) {
                calls.answered(id, entries.size(), 0, 0); // Kinesis is fine; the records are not
            } else {
                calls.failed(id, entries.size());
            }
            outcome.completeExceptionally(e);
        } catch (SdkException e) {
            calls.failed(id, entries.size());
            outcome.completeExceptionally(e);
        } catch (RuntimeException | Error e) {
            outcome.completeExceptionally(e);
        } finally {
            calls.ended(id); // an unexpected exception or Error must not leave the call "in flight"
        }
    }

    /**
     * Stops waiting for the PutRecords calls in flight: their writes end at once with their events unconfirmed (the
     * router then writes them to Kafka as the copies that count), while the calls themselves run on until Kinesis
     * answers or their attempt timeout ends them. Called when writes leave Kinesis: a hung call would otherwise hold
     * its keys' events, and the lease delivery waits for, until that timeout.
     */
    @Override
    public void abandonCallsInFlight() {
        waiting.forEach(outcome -> outcome.completeExceptionally(new CallAbandoned()));
    }

    @PreDestroy
    void close() {
        callThreads.shutdown();
    }

    /** How a call's failure reads for the writer. */
    private static SinkWriteException failure(Throwable error, Map<String, Deque<Pending>> byKey,
                                              List<CloudEvent> events) {
        SinkWriteException.Cause cause;
        if (error instanceof CallAbandoned) {
            cause = SinkWriteException.Cause.TIMEOUT;
        } else if (error instanceof ProvisionedThroughputExceededException) {
            cause = SinkWriteException.Cause.THROTTLED;
        } else if (error instanceof ApiCallTimeoutException || error instanceof ApiCallAttemptTimeoutException) {
            cause = SinkWriteException.Cause.TIMEOUT;
        } else if (error instanceof KinesisException e) {
            cause = refusedAsInvalid(e) ? SinkWriteException.Cause.INVALID
                    : e.statusCode() >= 500 ? SinkWriteException.Cause.UNAVAILABLE : SinkWriteException.Cause.REJECTED;
        } else if (error instanceof SdkClientException) {
            // the SDK reports an interrupted or timed-out socket read as a client exception too
            cause = isTimeout(error) ? SinkWriteException.Cause.TIMEOUT : SinkWriteException.Cause.UNAVAILABLE;
        } else if (error instanceof SdkException) {
            cause = SinkWriteException.Cause.UNAVAILABLE;
        } else if (error instanceof RuntimeException e) {
            throw e;
        } else if (error instanceof Error e) {
            throw e;
        } else {
            throw new IllegalStateException(error);
        }
        return new SinkWriteException(KINESIS, cause, remaining(byKey, events), error.getMessage(), error);
    }

    private static boolean refusedAsInvalid(KinesisException e) {
        return e.statusCode() < 500 && e.awsErrorDetails() != null && INVALID.contains(e.awsErrorDetails().errorCode());
    }

    /** The events not yet stored, in the caller's order, so a fallback sink writes them in the order received. */
    private static List<CloudEvent> remaining(Map<String, Deque<Pending>> byKey, List<CloudEvent> events) {
        Set<CloudEvent> left = Collections.newSetFromMap(new IdentityHashMap<>());
        byKey.values().forEach(queue -> queue.forEach(p -> left.add(p.event)));
        return events.stream().filter(left::contains).toList();
    }

    private static boolean isTimeout(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException || t instanceof InterruptedException
                    || t instanceof ApiCallAttemptTimeoutException || t instanceof ApiCallTimeoutException) {
                return true;
            }
        }
        return false;
    }

    private void backoff(List<Pending> call) {
        int attempts = call.stream().mapToInt(p -> p.attempts).max().orElse(1);
        try {
            Thread.sleep(config.retryBackoff().multipliedBy(attempts).toMillis()); // deliberate pacing of resends
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The outcome of a call the writer stopped waiting for: unknown, as after a timeout. */
    private static final class CallAbandoned extends RuntimeException {
        CallAbandoned() {
            super("abandoned: writes left Kinesis while the call was in flight", null, false, false);
        }
    }

    /** One event on its way to Kinesis with the attempts spent on it. */
    private static final class Pending {
        final CloudEvent event;
        final KinesisRecordCodec.KinesisRecord record;
        int attempts;

        Pending(CloudEvent event, KinesisRecordCodec.KinesisRecord record) {
            this.event = event;
            this.record = record;
        }

        int size() {
            return record.data().length + record.partitionKey().length();
        }
    }
}
