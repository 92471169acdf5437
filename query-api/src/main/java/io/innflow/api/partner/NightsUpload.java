package io.innflow.api.partner;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.innflow.connectors.catalog.Actor;
import io.innflow.connectors.catalog.AuditLog;
import io.innflow.connectors.catalog.CatalogDatabase;
import io.innflow.connectors.catalog.CatalogException;
import io.innflow.connectors.catalog.Hotels;
import io.innflow.connectors.catalog.NightRow;
import io.innflow.connectors.catalog.NightsWriter;
import io.innflow.connectors.catalog.RoomTypeRow;
import io.innflow.connectors.catalog.RoomTypes;
import java.io.IOException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The partner's use case of uploading nights in bulk, CSV or JSON. */
final class NightsUpload {

    private final CatalogDatabase db;
    private final AuditLog audit;
    private final ObjectMapper json;
    private final Clock clock;

    NightsUpload(CatalogDatabase db, AuditLog audit, ObjectMapper json, Clock clock) {
        this.db = db;
        this.audit = audit;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Applies an upload of nights: every row is validated; with {@code partial} false (the default) one
     * bad row rejects the whole upload ({@link CatalogException.InvalidRows}) and nothing is written;
     * with {@code partial} true the valid rows are applied and the report lists the others.
     */
    UploadReport upload(Actor partner, String hotelId, PartnerCatalog.Format format, byte[] body, boolean partial)
            throws IOException {
        Map<String, RoomTypeRef> roomTypes = db.read(c -> {
            PartnerCatalog.owned(c, partner, hotelId, Hotels.Lock.NONE);
            Map<String, RoomTypeRef> refs = new HashMap<>();
            for (RoomTypeRow rt : RoomTypes.ofHotel(c, hotelId)) {
                refs.put(rt.roomTypeId(), new RoomTypeRef(rt.roomTypeId(), rt.totalRooms(), rt.active()));
            }
            return refs;
        });
        NightRowValidator validator = new NightRowValidator(hotelId, roomTypes, LocalDate.now(clock));
        UploadParser.Parsed parsed = format == PartnerCatalog.Format.CSV
                ? UploadParser.csv(body, validator)
                : UploadParser.json(body, validator, json);
        String formatName = format.name().toLowerCase(Locale.ROOT);
        if (parsed.received() == 0) {
            throw CatalogException.Invalid.request("The upload has no rows");
        }
        if (parsed.rejected() > 0 && (!partial || parsed.rows().isEmpty())) {
            throw new CatalogException.InvalidRows(
                    formatName, parsed.received(), parsed.rejected(), parsed.rejections());
        }
        return db.inTransaction(c -> {
            PartnerCatalog.owned(c, partner, hotelId, Hotels.Lock.KEY_SHARE);
            NightsWriter.Counts counts = NightsWriter.upsert(c, hotelId, parsed.rows());
            if (!counts.changed()) {
                return report(hotelId, formatName, partial, parsed, counts, null);
            }
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("format", formatName);
            summary.put("bytes", body.length);
            summary.put("received", parsed.received());
            summary.put("accepted", parsed.rows().size());
            summary.put("rejected", parsed.rejected());
            summary.put("inserted", counts.inserted());
            summary.put("updated", counts.updated());
            summary.put("unchanged", counts.unchanged());
            summary.put("roomTypes", spans(parsed.rows()));
            AuditLog.Recorded recorded =
                    audit.record(c, partner, "nights.upload", hotelId, "nights", Map.of("after", summary));
            return report(hotelId, formatName, partial, parsed, counts, recorded);
        });
    }

    private static UploadReport report(
            String hotelId,
            String format,
            boolean partial,
            UploadParser.Parsed parsed,
            NightsWriter.Counts counts,
            AuditLog.Recorded recorded) {
        return new UploadReport(
                hotelId,
                format,
                partial,
                parsed.received(),
                parsed.rows().size(),
                parsed.rejected(),
                counts.inserted(),
                counts.updated(),
                counts.unchanged(),
                parsed.rejections(),
                recorded != null,
                recorded == null ? null : recorded.auditId(),
                recorded == null ? null : recorded.at());
    }

    /** Per room type: the first and last night uploaded and the row count. */
    private static Map<String, Object> spans(List<NightRow> rows) {
        Map<String, List<NightRow>> byType =
                rows.stream().collect(Collectors.groupingBy(NightRow::roomTypeId, TreeMap::new, Collectors.toList()));
        Map<String, Object> spans = new LinkedHashMap<>();
        byType.forEach((type, list) -> {
            Map<String, Object> span = new LinkedHashMap<>();
            span.put("rows", list.size());
            span.put(
                    "from",
                    list.stream().map(NightRow::night).min(LocalDate::compareTo).orElseThrow());
            span.put(
                    "to",
                    list.stream().map(NightRow::night).max(LocalDate::compareTo).orElseThrow());
            spans.put(type, span);
        });
        return spans;
    }
}
