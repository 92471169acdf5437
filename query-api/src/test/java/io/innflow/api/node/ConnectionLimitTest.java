package io.innflow.api.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.javalin.Javalin;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code innflow.limits.max-connections} on a real server: a connection beyond the bound is not
 * accepted (it waits in the backlog, holding nothing of the node's heap) and is served as soon as
 * another one closes.
 */
class ConnectionLimitTest {

    private final Javalin http = OpsOnlyServer.start(1);

    @AfterEach
    void stop() {
        http.stop();
    }

    @Test
    void holdsAConnectionBeyondTheBoundUntilAnotherCloses() throws Exception {
        try (Socket first = new Socket("127.0.0.1", http.port());
                Socket second = new Socket("127.0.0.1", http.port())) {
            assertThat(get(first, 5_000)).startsWith("HTTP/1.1 200");

            // The first stays open (keep-alive): the second is not accepted while it is
            assertThatThrownBy(() -> get(second, 1_000)).isInstanceOf(SocketTimeoutException.class);

            first.close();

            assertThat(new BufferedReader(new InputStreamReader(second.getInputStream(), StandardCharsets.US_ASCII))
                            .readLine())
                    .startsWith("HTTP/1.1 200");
        }
    }

    /** Sends a keep-alive GET of the liveness check and returns the status line. */
    private static String get(Socket socket, int timeoutMillis) throws Exception {
        socket.setSoTimeout(timeoutMillis);
        OutputStream out = socket.getOutputStream();
        out.write("GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
    }
}
