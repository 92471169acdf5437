package io.innflow.api.partner;

import io.innflow.api.http.ApiException;

/**
 * An upload with invalid rows, none of which were applied: a 422 problem whose extension members
 * carry the report (which rows, and why).
 */
public final class UploadRejectedException extends ApiException {

    private final UploadReport report;

    UploadRejectedException(UploadReport report) {
        super(
                422,
                "invalid-upload",
                "The upload has invalid rows",
                report.rejected() + " of " + report.received() + " rows are invalid, so nothing was changed."
                        + (report.rejected() < report.received()
                                ? " Fix them, or send ?partial=true to apply the valid rows only."
                                : ""));
        this.report = report;
    }

    public UploadReport report() {
        return report;
    }
}
