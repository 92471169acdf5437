package io.innflow.api.http;

import io.innflow.api.reservation.CommandService;
import io.javalin.http.Context;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.MDC;

/**
 * What a log line written while a route's handler runs says about the request, in the MDC: the hotel and
 * the request id (the one in the path, or the one a guest's write derives from its Idempotency-Key).
 * Never the caller's identity, token or body: those may carry personal data. Set when a route's handler
 * starts and cleared after the response (after the error mapping, so a failure's line carries it too).
 */
public final class LogContext {

    public static final String HOTEL_ID = "hotelId";
    public static final String REQUEST_ID = "requestId";

    private LogContext() {}

    /** Puts what is known of {@code ctx}'s request in the MDC until {@link #clear()}. */
    public static void of(Context ctx) {
        Map<String, String> params = ctx.pathParamMap();
        put(HOTEL_ID, params.get("hotelId"));
        String requestId = params.get("requestId");
        String key = ctx.header("Idempotency-Key");
        if (requestId == null && key != null && !key.isBlank()) {
            Principal principal = Principal.current(ctx);
            if (principal.role() != Role.ANONYMOUS) {
                requestId = CommandService.requestId(principal, key);
            }
        }
        put(REQUEST_ID, requestId);
    }

    /** Forgets the request's context: server threads serve other requests next. */
    public static void clear() {
        MDC.remove(HOTEL_ID);
        MDC.remove(REQUEST_ID);
    }

    /**
     * {@code action}, run with the MDC the calling thread has now: a request's context follows the
     * completion of its future onto whichever thread completes it (the facade's reply reader, a timer, a
     * forwarded read's client), and that thread's own MDC is put back afterwards.
     */
    public static <T> Consumer<T> carried(Consumer<T> action) {
        Map<String, String> captured = MDC.getCopyOfContextMap();
        return value -> {
            Map<String, String> own = MDC.getCopyOfContextMap();
            setOrClear(captured);
            try {
                action.accept(value);
            } finally {
                setOrClear(own);
            }
        };
    }

    private static void setOrClear(Map<String, String> context) {
        if (context == null) {
            MDC.clear();
        } else {
            MDC.setContextMap(context);
        }
    }

    private static void put(String key, String value) {
        // Bounded: an id longer than any real one is cut rather than written whole into every line.
        if (value != null && !value.isBlank()) {
            MDC.put(key, value.length() > 100 ? value.substring(0, 100) : value);
        }
    }
}
