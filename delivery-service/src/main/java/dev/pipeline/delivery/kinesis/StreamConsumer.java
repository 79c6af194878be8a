package dev.pipeline.delivery.kinesis;

import java.time.Duration;

import org.jboss.logging.Logger;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ConsumerDescription;
import software.amazon.awssdk.services.kinesis.model.ConsumerStatus;
import software.amazon.awssdk.services.kinesis.model.ResourceInUseException;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;

/**
 * This replica's enhanced fan-out consumer of the stream: registered (or found, after a restart under the same name)
 * and awaited until active, deregistered when the replica stops, so that replicas that come and go do not use up the
 * stream's 20 consumers.
 */
final class StreamConsumer {

    private static final Logger LOG = Logger.getLogger(StreamConsumer.class);
    private static final Duration STATUS_CHECK_INTERVAL = Duration.ofMillis(250);

    private final KinesisClient client;
    private final String arn;

    private StreamConsumer(KinesisClient client, String arn) {
        this.client = client;
        this.arn = arn;
    }

    /**
     * The active consumer {@code name} of {@code stream}, registered when there is none; throws when Kinesis refuses
     * it (the stream's consumer limit, permissions) or it is not active within {@code timeout}.
     */
    static StreamConsumer register(KinesisClient client, String stream, String name, Duration timeout)
            throws InterruptedException {
        String streamArn = client.describeStreamSummary(r -> r.streamName(stream)).streamDescriptionSummary().streamARN();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            ConsumerDescription found = describe(client, streamArn, name);
            if (found == null) {
                try {
                    client.registerStreamConsumer(r -> r.streamARN(streamArn).consumerName(name));
                } catch (ResourceInUseException registeredMeanwhile) {
                    // another start under the same name: wait for it below
                }
            } else if (found.consumerStatus() == ConsumerStatus.ACTIVE) {
                return new StreamConsumer(client, found.consumerARN());
            }
            // creating, or still being deleted by a replica of the same name that stopped
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("enhanced fan-out consumer " + name + " not active after " + timeout
                        + (found == null ? "" : " (" + found.consumerStatusAsString() + ")"));
            }
            Thread.sleep(STATUS_CHECK_INTERVAL.toMillis());
        }
    }

    private static ConsumerDescription describe(KinesisClient client, String streamArn, String name) {
        try {
            return client.describeStreamConsumer(r -> r.streamARN(streamArn).consumerName(name)).consumerDescription();
        } catch (ResourceNotFoundException e) {
            return null;
        }
    }

    String arn() {
        return arn;
    }

    /** Deregisters the consumer; a failure is only logged (Kinesis keeps it until someone deregisters it). */
    void deregister() {
        try {
            client.deregisterStreamConsumer(r -> r.consumerARN(arn));
        } catch (SdkException e) {
            LOG.warnf("Enhanced fan-out consumer %s not deregistered: %s", arn, e.getMessage());
        }
    }
}
