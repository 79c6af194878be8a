package dev.pipeline.delivery.source;

import java.util.Set;

import com.fasterxml.jackson.core.io.JsonEOFException;

import dev.pipeline.envelope.EnvelopeException;

/**
 * Why a record on a stream was skipped: the {@code reason} tag of {@code delivery.records.rejected} and of the admin
 * listing. The names are stable; an operator's alert or runbook may match them.
 */
public final class RejectReason {

    /** Bytes, or Kafka headers, that are not a CloudEvents 1.0 event. */
    public static final String NOT_A_CLOUDEVENT = "not-a-cloudevent";
    /**
     * A record that starts as one of ours and ends before it is complete: structured JSON cut short (Kinesis), or a
     * CloudEvents record whose required {@code ce_} headers stop after {@code ce_specversion} (Kafka).
     */
    public static final String TRUNCATED = "truncated";
    /** Larger than the pipeline's per-event limit ({@code EventStreams.MAX_EVENT_BYTES}): no hop of ours wrote it. */
    public static final String TOO_LARGE = "too-large";
    /** A Kafka record whose {@code pipeline-control} header has no value or one this version does not know. */
    public static final String BAD_CONTROL_HEADER = "bad-control-header";
    /** A router heartbeat (the control header, or on Kinesis how its data begins, says so) whose body is not one. */
    public static final String BAD_HEARTBEAT = "bad-heartbeat";
    /** A router's notice of copies on the control topic whose body is not a list of identities. */
    public static final String BAD_COPY_NOTICE = "bad-copy-notice";
    /** Anything else the decoder could not read (a defect of ours or of the record). */
    public static final String UNDECODABLE = "undecodable";

    private static final Set<String> REQUIRED_AFTER_SPECVERSION = Set.of("id", "source", "type");

    private RejectReason() {
    }

    /** The reason for structured JSON the envelope refused: truncated when the JSON ended early. */
    public static String ofJson(EnvelopeException refused) {
        return refused.getCause() instanceof JsonEOFException ? TRUNCATED : NOT_A_CLOUDEVENT;
    }

    /**
     * The reason for Kafka headers the envelope refused. The codec checks {@code ce_specversion} first, so a refusal
     * naming a later required attribute means a CloudEvents record whose headers stop short.
     */
    public static String ofHeaders(EnvelopeException refused) {
        return REQUIRED_AFTER_SPECVERSION.contains(refused.attribute()) ? TRUNCATED : NOT_A_CLOUDEVENT;
    }
}
