package io.innflow.infra;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The embedded run's mail server: GreenMail's real SMTP server on loopback, which keeps every message
 * it accepts, and a read-only JSON view of them ({@code GET /mail}) on a second loopback port.
 */
public final class MailServer implements AutoCloseable {

    private static final String LOOPBACK = "127.0.0.1";

    /**
     * One received message, as {@code GET /mail} lists it.
     *
     * @param messageId the Message-ID header
     * @param from the sender
     * @param to the recipients
     * @param subject the subject
     * @param text the plain-text body
     */
    public record Message(String messageId, String from, List<String> to, String subject, String text) {}

    private final GreenMail greenMail;
    private final HttpServer http;

    private MailServer(GreenMail greenMail, HttpServer http) {
        this.greenMail = greenMail;
        this.http = http;
    }

    /** Starts SMTP on {@code smtpPort} and the view on {@code httpPort}; 0 picks free ports. */
    public static MailServer start(int smtpPort, int httpPort) {
        ServerSetup setup = new ServerSetup(Ports.check(smtpPort), LOOPBACK, ServerSetup.PROTOCOL_SMTP);
        GreenMail greenMail = new GreenMail(smtpPort == 0 ? setup.dynamicPort() : setup);
        greenMail.start();
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress(LOOPBACK, Ports.check(httpPort)), 0);
            MailServer server = new MailServer(greenMail, http);
            http.createContext("/mail", server::list);
            http.start();
            return server;
        } catch (IOException | RuntimeException e) {
            greenMail.stop();
            throw new IllegalStateException(
                    "Cannot start the mail view on port " + httpPort + ": " + e.getMessage(), e);
        }
    }

    public int smtpPort() {
        return greenMail.getSmtp().getPort();
    }

    /** The JSON view of every received message. */
    public String url() {
        return "http://" + LOOPBACK + ":" + http.getAddress().getPort() + "/mail";
    }

    /** Every message received so far, oldest first. */
    public List<Message> messages() {
        List<Message> messages = new ArrayList<>();
        for (MimeMessage m : greenMail.getReceivedMessages()) {
            try {
                List<String> to = Arrays.stream(m.getAllRecipients() == null ? new Address[0] : m.getAllRecipients())
                        .map(Address::toString)
                        .toList();
                String from = m.getFrom() == null || m.getFrom().length == 0 ? "" : m.getFrom()[0].toString();
                messages.add(new Message(m.getMessageID(), from, to, m.getSubject(), text(m)));
            } catch (MessagingException | IOException e) {
                throw new IllegalStateException("cannot read a received message", e);
            }
        }
        return messages;
    }

    /** The text/plain part of a message (the whole body when it has no parts). */
    private static String text(MimeMessage m) throws MessagingException, IOException {
        Object content = m.getContent();
        if (content instanceof MimeMultipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                if (multipart.getBodyPart(i).isMimeType("text/plain")) {
                    return multipart.getBodyPart(i).getContent().toString();
                }
            }
        }
        return content instanceof String s ? s : GreenMailUtil.getBody(m);
    }

    private void list(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("GET")) {
                exchange.getResponseHeaders().add("Allow", "GET");
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            Map<String, Object> body = new LinkedHashMap<>();
            List<Message> messages = messages();
            body.put("count", messages.size());
            body.put("messages", messages);
            byte[] json = new ObjectMapper()
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(body)
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, json.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(json);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    @Override
    public void close() {
        http.stop(0);
        greenMail.stop();
    }
}
