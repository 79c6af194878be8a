package dev.pipeline.tools.load;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

/** The bench's partners against a scripted server: what they ask, what they read, how they resume. */
class SsePartnersTest {

    private static final String CHUNKED_OK = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n";

    @Test
    void readsFramesAndResumesFromTheLastIdAfterTheStreamEndsOrIsRefused() throws Exception {
        List<String> requests = new CopyOnWriteArrayList<>();
        List<String> frames = new CopyOnWriteArrayList<>();
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread script = new Thread(() -> {
                try (Socket first = server.accept()) {
                    requests.add(head(first.getInputStream()));
                    OutputStream out = first.getOutputStream();
                    out.write(ascii(CHUNKED_OK + chunk("id: c1\ndata: one\n\nid: c2\nda") + chunk("ta: two\n\n") + "0\r\n\r\n"));
                    out.flush();
                    try (Socket refused = server.accept()) {
                        requests.add(head(refused.getInputStream()));
                        refused.getOutputStream().write(ascii("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n"));
                        refused.getOutputStream().flush();
                        try (Socket third = server.accept()) {
                            requests.add(head(third.getInputStream()));
                            third.getOutputStream().write(ascii(CHUNKED_OK + chunk("id: c3\ndata: three\n\n")));
                            third.getOutputStream().flush();
                            await().atMost(Duration.ofSeconds(10)).until(() -> frames.size() == 3);
                        }
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            script.setDaemon(true);
            script.start();
            URI stream = URI.create("http://127.0.0.1:" + server.getLocalPort() + "/v1/stream?subjectPrefix=a%2F");
            try (SsePartners partners = SsePartners.open(stream, "token-1", 1, 1, Duration.ZERO,
                    (data, length, at) -> frames.add(new String(data, 0, length, StandardCharsets.UTF_8)))) {
                await().atMost(Duration.ofSeconds(10)).until(() -> frames.size() == 3 && partners.connected() == 1);
                assertEquals(List.of("one", "two", "three"), frames);
                assertEquals(3, partners.connects());
            }
        }
        assertEquals(3, requests.size());
        assertTrue(requests.get(0).startsWith("GET /v1/stream?subjectPrefix=a%2F HTTP/1.1\r\n"), requests.get(0));
        assertTrue(requests.get(0).contains("\r\nAuthorization: Bearer token-1\r\n"), requests.get(0));
        assertTrue(requests.get(0).contains("\r\nAccept: text/event-stream\r\n"), requests.get(0));
        assertTrue(!requests.get(0).contains("Last-Event-ID"), requests.get(0));
        assertTrue(requests.get(1).contains("\r\nLast-Event-ID: c2\r\n"), requests.get(1));
        assertTrue(requests.get(2).contains("\r\nLast-Event-ID: c2\r\n"), requests.get(2));
    }

    @Test
    void spreadsPartnersOverItsThreadsAndCountsThoseConnected() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Socket> open = new CopyOnWriteArrayList<>();
            Thread accepting = new Thread(() -> {
                try {
                    while (open.size() < 5) {
                        Socket socket = server.accept();
                        head(socket.getInputStream());
                        socket.getOutputStream().write(ascii(CHUNKED_OK));
                        socket.getOutputStream().flush();
                        open.add(socket);
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            accepting.setDaemon(true);
            accepting.start();
            URI stream = URI.create("http://127.0.0.1:" + server.getLocalPort() + "/sub");
            try (SsePartners partners = SsePartners.open(stream, "t", 5, 2, Duration.ofMillis(5), (data, length, at) -> { })) {
                await().atMost(Duration.ofSeconds(10)).until(() -> partners.connected() == 5);
                open.get(0).close();
                await().atMost(Duration.ofSeconds(10)).until(() -> partners.connected() == 4);
            } finally {
                for (Socket socket : open) {
                    socket.close();
                }
            }
        }
    }

    private static String chunk(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return Integer.toHexString(bytes.length) + "\r\n" + text + "\r\n";
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Reads a request's head up to its blank line. */
    private static String head(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }
}
