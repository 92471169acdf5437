package io.innflow.api.partner;

import io.innflow.connectors.catalog.RowRejection;
import java.time.Instant;
import java.util.List;

/**
 * The answer to a bulk upload of nights.
 *
 * @param hotelId the hotel
 * @param format {@code csv} or {@code json}
 * @param partial whether valid rows were applied although others were rejected ({@code ?partial=true})
 * @param received data rows in the body
 * @param accepted rows applied
 * @param rejected rows not applied
 * @param inserted nights that had no row before
 * @param updated nights whose row changed
 * @param unchanged nights that already held the uploaded values
 * @param rejections the rejected rows with their reasons (the first 1,000)
 * @param changed whether anything was written
 * @param auditId the audit entry of the upload; null when nothing changed
 * @param committedAt when the transaction committed; null when nothing changed
 */
public record UploadReport(
        String hotelId,
        String format,
        boolean partial,
        int received,
        int accepted,
        int rejected,
        int inserted,
        int updated,
        int unchanged,
        List<RowRejection> rejections,
        boolean changed,
        Long auditId,
        Instant committedAt) {}
