package dev.pipeline.ingest.decode;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import dev.pipeline.envelope.EnvelopeException;

/** Decodes the percent-encoding the CloudEvents HTTP binding applies to {@code ce-*} header values. */
final class HeaderValues {

    private HeaderValues() {
    }

    /** The attribute value of a header; '+' stays '+', "%XX" sequences are UTF-8 bytes. */
    static String percentDecode(String attribute, String value) {
        if (value.indexOf('%') < 0) {
            return value;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '%') {
                int high = i + 1 < value.length() ? Character.digit(value.charAt(i + 1), 16) : -1;
                int low = i + 2 < value.length() ? Character.digit(value.charAt(i + 2), 16) : -1;
                if (high < 0 || low < 0) {
                    throw new EnvelopeException(attribute, "Header ce-" + attribute
                            + " has a '%' not followed by two hex digits");
                }
                bytes.write(high * 16 + low);
                i += 2;
            } else {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new EnvelopeException(attribute, "Header ce-" + attribute + " percent-encodes bytes that are not UTF-8");
        }
    }
}
