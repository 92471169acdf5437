package io.innflow.api.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.io.IOException;

/** Reading what every write sends: its Idempotency-Key and its JSON body; 400 when either is wrong. */
public final class Requests {

    /** The header every write requires. */
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private static final int MAX_KEY_LENGTH = 200;

    private Requests() {}

    /** The Idempotency-Key header every write requires. */
    public static String idempotencyKey(Context ctx) {
        String key = ctx.header(IDEMPOTENCY_KEY);
        if (key == null || key.isBlank()) {
            throw ApiException.badRequest("The Idempotency-Key header is required on writes");
        }
        if (key.length() > MAX_KEY_LENGTH) {
            throw ApiException.badRequest("The Idempotency-Key header may have at most 200 characters");
        }
        return key;
    }

    /** The JSON body as {@code type}; a 400 when it is empty or malformed. */
    public static <T> T body(Context ctx, ObjectMapper json, Class<T> type) throws IOException {
        byte[] body = ctx.bodyAsBytes();
        if (body.length == 0) {
            throw ApiException.badRequest("A JSON body is required");
        }
        T value = json.readValue(body, type);
        // A body of JSON null reads as no object at all: refused like an empty one, not passed on as null.
        if (value == null) {
            throw ApiException.badRequest("A JSON object is required");
        }
        return value;
    }
}
