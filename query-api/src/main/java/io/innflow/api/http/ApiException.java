package io.innflow.api.http;

/**
 * A request that cannot be served, mapped once to an RFC 9457 problem response.
 *
 * @see Problem
 */
public class ApiException extends RuntimeException {

    private final int status;
    private final String type;
    private final String title;
    private final Integer retryAfterSeconds;

    public ApiException(int status, String type, String title, String detail) {
        this(status, type, title, detail, null);
    }

    public ApiException(int status, String type, String title, String detail, Integer retryAfterSeconds) {
        super(detail);
        this.status = status;
        this.type = type;
        this.title = title;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static ApiException badRequest(String detail) {
        return new ApiException(400, "invalid-request", "The request is not valid", detail);
    }

    public static ApiException notFound(String type, String detail) {
        return new ApiException(404, type, "Not found", detail);
    }

    public static ApiException unavailable(String detail) {
        return new ApiException(503, "unavailable", "Try again shortly", detail, 1);
    }

    /**
     * The node already has as much of this work in progress as it takes at once (writes waiting for
     * their results, searches running): retry after a second, here or on another node.
     */
    public static ApiException overloaded(String detail) {
        return new ApiException(503, "overloaded", "Too many requests in progress; try again shortly", detail, 1);
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    public Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
