package dev.pipeline.infra;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** Port helpers: pick a free port, refuse a taken one with a clear message, wait for a listener. */
public final class Ports {

    private Ports() {
    }

    /** A port that was free a moment ago, for tests that must not collide with a running stack. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new InfraException("No free local port: " + e.getMessage(), e);
        }
    }

    /** Fails with a message naming the port and its purpose when something already listens on it. */
    public static void requireFree(int port, String purpose) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
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
