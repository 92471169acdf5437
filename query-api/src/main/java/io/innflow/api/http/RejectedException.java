package io.innflow.api.http;

/** A business rejection from the topology, answered as a problem carrying its reason code. */
public final class RejectedException extends ApiException {

    private final String reason;

    public RejectedException(int status, String reason, String detail) {
        super(status, reason.toLowerCase(java.util.Locale.ROOT).replace('_', '-'), "The request was rejected", detail);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
