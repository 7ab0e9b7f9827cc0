package dev.mcpgateway.interop;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;

/**
 * A stand-in for the gateway in {@link GatewayProcessIT}: binds 127.0.0.1 on a free port, starts a
 * child process (like a stdio backend) and prints the gateway's listening line on stderr.
 *
 * <p>Modes (first argument): {@code clean} ends its child on SIGTERM; {@code orphan} leaves its
 * child running (a leak the test must detect); {@code fail} exits 3 before listening;
 * {@code stubborn} ignores SIGTERM... as far as a JVM can: its shutdown hook blocks.
 */
public final class FakeGatewayMain {

    private FakeGatewayMain() {}

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "clean";
        if (mode.equals("fail")) {
            System.err.println("fake-gateway: config error: no backends");
            System.exit(3);
        }
        Process backend = new ProcessBuilder(List.of("sleep", "600")).start();
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            switch (mode) {
                case "clean" -> {
                    backend.destroy();
                    try {
                        backend.waitFor();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                case "stubborn" -> {
                    try {
                        Thread.sleep(600_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                default -> { } // orphan: leave the backend running
            }
        }));
        System.err.println("12:00:00.000 INFO  dev.mcpgateway.serve - mcp-gateway listening on http://127.0.0.1:" + server.getLocalPort() + "/mcp");
        System.err.flush();
        while (true) {
            try (Socket s = server.accept()) {
                s.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".getBytes());
            } catch (IOException e) {
                return;
            }
        }
    }
}
