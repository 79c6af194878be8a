package dev.pipeline.infra;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/** Port helpers: pick a free port, refuse a taken one with a clear message, wait for a listener. */
public final class Ports {

    private Ports() {
    }

    // Below Linux's ephemeral range (32768+), so a port handed out here is not meanwhile taken as the source
    // port of some outgoing connection; a random start keeps concurrent test JVMs apart.
    private static final int FIRST = 20000;
    private static final int LAST = 32000;
    private static final AtomicInteger NEXT = new AtomicInteger(FIRST + new Random().nextInt(LAST - FIRST));

    /** A port that is free now and not handed out before by this JVM, for tests that run beside anything. */
    public static int freePort() {
        for (int tries = 0; tries < LAST - FIRST; tries++) {
            int port = FIRST + Math.floorMod(NEXT.getAndIncrement() - FIRST, LAST - FIRST);
            if (isFree(port)) {
                return port;
            }
        }
        throw new InfraException("No free local port in " + FIRST + ".." + LAST);
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Fails with a message naming the port and its purpose when something already listens on it. */
    public static void requireFree(int port, String purpose) {
        if (!isFree(port)) {
            throw new InfraException("Port " + port + " (" + purpose + ") is already in use: stop whatever "
                    + "listens there (see `ss -ltnp 'sport = :" + port + "'`) or choose another port");
        }
    }

    /** Whether something accepts TCP connections on localhost:port. */
    public static boolean isListening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
