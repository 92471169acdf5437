package io.innflow.api.http;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The one JSON error shape (RFC 9457 problem details), served as {@code application/problem+json}.
 *
 * @param type a URI naming the kind of problem ({@code https://innflow.io/problems/<slug>})
 * @param title a short summary of the kind
 * @param status the HTTP status
 * @param detail what went wrong with this request
 * @param instance the request path
 * @param reason the domain reason code, when the problem is a business rejection
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance, String reason) {

    public static final String CONTENT_TYPE = "application/problem+json";
    public static final String TYPE_BASE = "https://innflow.io/problems/";
}
