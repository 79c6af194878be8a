package dev.pipeline.delivery.source;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * One record a reader skipped, as an operator sees it: where it lies (source, shard or partition, sequence number or
 * offset), why it was skipped, how big it was, when it was read, and a short printable excerpt of its bytes.
 */
public record RejectedRecord(String source, String lane, String position, String reason, long bytes, Instant at,
                             String excerpt, String detail) {

    /** Longest excerpt kept, in characters: enough to recognise a record, little enough to keep 1,000 of them. */
    public static final int EXCERPT_CHARS = 160;
    /** Longest detail kept (a parser's message may quote the input). */
    public static final int DETAIL_CHARS = 300;

    /**
     * The start of {@code bytes} as text an operator can read in a terminal: decoded as UTF-8 (malformed bytes and
     * control characters shown as {@code .}), cut to {@link #EXCERPT_CHARS}, with {@code ...} when there is more.
     */
    public static String excerpt(byte[] bytes) {
        if (bytes == null) {
            return "";
        }
        int take = Math.min(bytes.length, EXCERPT_CHARS * 4);
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .replaceWith(".")
                    .decode(ByteBuffer.wrap(bytes, 0, take)).toString();
        } catch (CharacterCodingException e) {
            text = "";
        }
        StringBuilder printable = new StringBuilder(EXCERPT_CHARS + 3);
        int index = 0;
        for (int count = 0; index < text.length() && count < EXCERPT_CHARS; count++) {
            int codePoint = text.codePointAt(index);
            printable.appendCodePoint(Character.isISOControl(codePoint) || !Character.isDefined(codePoint) ? '.' : codePoint);
            index += Character.charCount(codePoint);
        }
        if (index < text.length() || take < bytes.length) {
            printable.append("...");
        }
        return printable.toString();
    }

    /** A detail cut to {@link #DETAIL_CHARS}. */
    public static String shortDetail(String detail) {
        if (detail == null) {
            return "";
        }
        return detail.length() <= DETAIL_CHARS ? detail : detail.substring(0, DETAIL_CHARS) + "...";
    }
}
