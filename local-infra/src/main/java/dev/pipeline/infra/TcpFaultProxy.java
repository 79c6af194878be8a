package dev.pipeline.infra;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy in front of a local endpoint. In {@link Mode#PASS} it forwards bytes both ways; in
 * {@link Mode#REFUSE} it resets every client connection, open or new, as an unreachable endpoint does. While it
 * passes, an {@link HttpImpairment} can slow HTTP/1.1 requests or answer a share of them with a server error.
 * Toward the endpoint it only ever closes gracefully: when a client goes away (even with a reset, as the AWS SDK
 * does when it abandons a timed-out call) the proxy half-closes the upstream connection and drains the answer.
 * kinesis-local stops listening for good when a client resets a connection it is serving, so the launcher always
 * puts one of these in front of it.
 */
public final class TcpFaultProxy implements AutoCloseable {

    /** What the proxy does with client connections. */
    /**
     * What the endpoint does with connections: forward both ways; refuse them as a down endpoint does; or take the
     * requests (the endpoint does the work: a PutRecords stores its records) and never answer, as a front end hung
     * after the work does.
     */
    public enum Mode { PASS, REFUSE, UNANSWERED }

    private final ServerSocket server;
    private final int targetPort;
    private final Set<Socket> clients = ConcurrentHashMap.newKeySet();
    private volatile Mode mode = Mode.PASS;
    private volatile HttpImpairment impairment = HttpImpairment.NONE;

    private TcpFaultProxy(ServerSocket server, int targetPort) {
        this.server = server;
        this.targetPort = targetPort;
        Thread acceptor = new Thread(this::acceptLoop, "fault-proxy-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Listens on {@code port} and forwards to localhost:{@code targetPort}. */
    public static TcpFaultProxy start(int port, int targetPort) {
        try {
            ServerSocket server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return new TcpFaultProxy(server, targetPort);
        } catch (IOException e) {
            throw new InfraException("Proxy cannot listen on " + port + ": " + e.getMessage(), e);
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    public Mode mode() {
        return mode;
    }

    public HttpImpairment impairment() {
        return impairment;
    }

    /** Impairs the HTTP requests that pass from now on, on open connections too; {@link HttpImpairment#NONE} heals. */
    public void impair(HttpImpairment next) {
        impairment = next;
    }

    /**
     * Switches the mode; switching to REFUSE, or away from UNANSWERED (whose connections wait for answers that were
     * dropped), resets the client connections already open.
     */
    public void mode(Mode newMode) {
        Mode previous = mode;
        mode = newMode;
        if (newMode == Mode.REFUSE || previous == Mode.UNANSWERED && newMode != Mode.UNANSWERED) {
            clients.forEach(TcpFaultProxy::reset);
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        clients.forEach(TcpFaultProxy::reset);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                if (mode == Mode.REFUSE) {
                    reset(client);
                    continue;
                }
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                clients.add(client);
                start("proxy-up", () -> clientToUpstream(client, upstream));
                start("proxy-down", () -> upstreamToClient(upstream, client));
            } catch (IOException e) {
                // accept failed (closing) or the endpoint is unreachable (the client sees its connection close)
            }
        }
    }

    private void clientToUpstream(Socket client, Socket upstream) {
        try (InputStream in = client.getInputStream()) {
            new HttpRequestPump(in, upstream.getOutputStream(), client, () -> impairment).run();
        } catch (IOException clientGone) {
            // reset or closed by the client, or reset by REFUSE
        } finally {
            try {
                upstream.shutdownOutput(); // a FIN, never a reset: the endpoint finishes and closes on its own
            } catch (IOException ignored) {
                // upstream already closed
            }
        }
    }

    private void upstreamToClient(Socket upstream, Socket client) {
        byte[] buffer = new byte[16384];
        boolean clientOpen = true;
        try (InputStream in = upstream.getInputStream()) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                if (clientOpen && mode != Mode.UNANSWERED) {
                    try {
                        client.getOutputStream().write(buffer, 0, read);
                        client.getOutputStream().flush();
                    } catch (IOException clientGone) {
                        clientOpen = false; // keep draining, so closing upstream sends no reset
                    }
                }
            }
        } catch (IOException ignored) {
            // upstream broke; nothing left to drain
        } finally {
            close(upstream);
            close(client);
            clients.remove(client);
        }
    }

    private static void start(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    private static void reset(Socket socket) {
        try {
            socket.setSoLinger(true, 0); // RST instead of FIN: the client sees "connection reset"
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
