package dev.pipeline.infra;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Copies one client connection's HTTP/1.1 requests to the endpoint one request at a time, so that
 * {@link TcpFaultProxy} can impair each: delay it, or answer it {@code 500 InternalFailure} itself (then closing the
 * connection, as a failing front end may). Anything that is not HTTP/1.1 with a Content-Length (HTTP/2, a chunked
 * body) is copied as it is from there on, unimpaired.
 */
final class HttpRequestPump {

    private static final int MAX_HEAD = 64 * 1024;
    private static final byte[] INTERNAL_FAILURE_BODY =
            "{\"__type\":\"InternalFailure\",\"message\":\"injected by the fault proxy\"}"
                    .getBytes(StandardCharsets.US_ASCII);
    private static final byte[] INTERNAL_FAILURE = ("HTTP/1.1 500 Internal Server Error\r\n"
            + "Content-Type: application/x-amz-json-1.1\r\n"
            + "x-amzn-ErrorType: InternalFailure\r\n"
            + "Content-Length: " + INTERNAL_FAILURE_BODY.length + "\r\n"
            + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);

    private final InputStream in;
    private final OutputStream upstream;
    private final Socket client;
    private final Supplier<HttpImpairment> impairment;

    HttpRequestPump(InputStream in, OutputStream upstream, Socket client, Supplier<HttpImpairment> impairment) {
        this.in = new BufferedInputStream(in);
        this.upstream = upstream;
        this.client = client;
        this.impairment = impairment;
    }

    /** Copies until the client closes; returns early when the proxy answered a request itself and closed. */
    void run() throws IOException {
        while (true) {
            byte[] head = readHead();
            if (head == null) {
                return;
            }
            String text = new String(head, StandardCharsets.ISO_8859_1);
            long length = http1(text) ? contentLength(text) : -1;
            if (length < 0) {
                upstream.write(head);
                in.transferTo(upstream);
                return;
            }
            HttpImpairment now = impairment.get();
            pause(now.nextDelay());
            if (now.nextFails()) {
                OutputStream out = client.getOutputStream();
                out.write(INTERNAL_FAILURE);
                out.write(INTERNAL_FAILURE_BODY);
                out.flush();
                client.shutdownOutput();
                return;
            }
            upstream.write(head);
            copy(length);
            upstream.flush();
        }
    }

    /** The request line and headers up to the blank line; null at the end of the stream. */
    private byte[] readHead() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream(512);
        int matched = 0;
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            matched = b == (matched % 2 == 0 ? '\r' : '\n') ? matched + 1 : b == '\r' ? 1 : 0;
            if (matched == 4 || head.size() >= MAX_HEAD) {
                return head.toByteArray();
            }
        }
        return head.size() == 0 ? null : head.toByteArray();
    }

    private static boolean http1(String head) {
        int lineEnd = head.indexOf("\r\n");
        return lineEnd > 0 && head.substring(0, lineEnd).endsWith(" HTTP/1.1") && head.endsWith("\r\n\r\n");
    }

    /** The body's length; -1 when it is chunked (not followed request by request). */
    private static long contentLength(String head) {
        long length = 0;
        for (String line : head.split("\r\n")) {
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("transfer-encoding:")) {
                return -1;
            }
            if (lower.startsWith("content-length:")) {
                length = Long.parseLong(line.substring("content-length:".length()).trim());
            }
        }
        return length;
    }

    private void copy(long length) throws IOException {
        byte[] buffer = new byte[16384];
        long left = length;
        while (left > 0) {
            int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (read < 0) {
                throw new IOException("client closed within a request body");
            }
            upstream.write(buffer, 0, read);
            left -= read;
        }
    }

    private static void pause(Duration delay) {
        if (delay.isZero()) {
            return;
        }
        try {
            Thread.sleep(delay.toMillis()); // the impairment itself: a slow endpoint
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
