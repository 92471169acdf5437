package io.innflow.api.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A request refused before its handler read the body still gets its answer, on a connection that stays
 * open: Jetty closes a connection whose body is left unread while it is still arriving, and a client
 * can then lose the answer to a reset (FuzzIT saw a 21 KB body refused with a 401 arrive as "no bytes").
 */
class RefusedBodyTest {

    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.1 (\\d{3})");

    private static final byte[] BODY = new byte[300_000];

    static {
        Arrays.fill(BODY, (byte) '[');
    }

    private final Javalin http = OpsOnlyServer.start(0);

    @AfterEach
    void stop() {
        http.stop();
    }

    @Test
    void answersARefusedBodyAndKeepsTheConnectionForTheNextRequest() throws Exception {
        ByteArrayOutputStream request = refusedPost("Content-Length: " + BODY.length);
        request.write(BODY);

        assertRefusedThenNextAnswered(request.toByteArray());
    }

    @Test
    void readsAChunkedBodyToo() throws Exception {
        ByteArrayOutputStream request = refusedPost("Transfer-Encoding: chunked");
        int chunk = 10_000;
        for (int from = 0; from < BODY.length; from += chunk) {
            int size = Math.min(chunk, BODY.length - from);
            request.write((Integer.toHexString(size) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            request.write(BODY, from, size);
            request.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        request.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));

        assertRefusedThenNextAnswered(request.toByteArray());
    }

    /** The head of a POST to a route that does not exist, with {@code framing} saying how its body is sent. */
    private static ByteArrayOutputStream refusedPost(String framing) {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.writeBytes(("POST /v1/no-such-route HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                        + framing + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        return request;
    }

    /** Sends {@code refused} and a GET on one connection: the 404 problem, the connection kept, the 200. */
    private void assertRefusedThenNextAnswered(byte[] refused) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", http.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(refused);
            out.write("GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();

            String answers = readUntilTwoAnswers(socket.getInputStream());

            Matcher status = STATUS_LINE.matcher(answers);
            assertThat(status.find())
                    .as("an answer to the refused request: %s", answers)
                    .isTrue();
            assertThat(status.group(1)).isEqualTo("404");
            assertThat(answers).contains("application/problem+json").doesNotContainIgnoringCase("Connection: close");
            assertThat(status.find())
                    .as("the same connection answers the next request: %s", answers)
                    .isTrue();
            assertThat(status.group(1)).isEqualTo("200");
        }
    }

    /** Everything the server sends until a second status line and the end of its headers, or it closes. */
    private static String readUntilTwoAnswers(InputStream in) throws Exception {
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                read.write(buffer, 0, n);
                String text = read.toString(StandardCharsets.US_ASCII);
                int second = text.indexOf("HTTP/1.1", text.indexOf("HTTP/1.1") + 1);
                if (second >= 0 && text.indexOf("\r\n\r\n", second) >= 0) {
                    break;
                }
            }
        } catch (SocketTimeoutException | java.net.SocketException e) {
            // what came before the timeout or the reset is the answer
        }
        return read.toString(StandardCharsets.US_ASCII);
    }
}
