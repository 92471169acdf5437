package io.innflow.api.http;

/**
 * A business rejection from the topology, or a read that found nothing, answered as a problem
 * carrying its reason code.
 */
public final class RejectedException extends ApiException {

    private final String reason;

    public RejectedException(int status, String reason, String detail) {
        this(status, reason, "The request was rejected", detail);
    }

    /** A problem carrying a reason code with its own title, such as a read that found nothing. */
    public RejectedException(int status, String reason, String title, String detail) {
        super(status, reason.toLowerCase(java.util.Locale.ROOT).replace('_', '-'), title, detail);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
