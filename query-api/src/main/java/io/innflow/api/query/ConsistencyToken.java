package io.innflow.api.query;

import io.innflow.api.http.ApiException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.streams.query.Position;

/**
 * A read-your-writes token: where the command behind a write sits in {@code reservation-commands}
 * ({@code <topic>:<partition>:<offset>}). A store of that partition that has applied the offset shows
 * the write. Clients treat it as opaque; they get it in the {@value #HEADER} header of a write's
 * response and send it back in the same header on a read.
 */
public record ConsistencyToken(String topic, int partition, long offset) {

    /** The header that carries a token, on write responses and on reads. */
    public static final String HEADER = "Innflow-Consistency-Token";

    private static final Pattern FORMAT = Pattern.compile("([A-Za-z0-9._-]{1,249}):(\\d{1,9}):(\\d{1,18})");

    /**
     * Parses a token a client sent; a 400 when it is malformed or names another topic than {@code
     * commandsTopic}.
     */
    public static ConsistencyToken parse(String raw, String commandsTopic) {
        Matcher m = FORMAT.matcher(raw.trim());
        if (!m.matches() || !m.group(1).equals(commandsTopic)) {
            throw ApiException.badRequest(
                    HEADER + " is not a token this API issued; send back the value of a write's " + HEADER + " header");
        }
        return new ConsistencyToken(m.group(1), Integer.parseInt(m.group(2)), Long.parseLong(m.group(3)));
    }

    /** The store position this token asks for. */
    public Position position() {
        return Position.emptyPosition().withComponent(topic, partition, offset);
    }

    @Override
    public String toString() {
        return topic + ":" + partition + ":" + offset;
    }
}
