package io.innflow.api.partner;

import io.innflow.connectors.analytics.Reports;
import io.innflow.connectors.catalog.Actor;
import io.innflow.connectors.catalog.CatalogDatabase;
import io.innflow.connectors.catalog.CatalogException;
import io.innflow.connectors.catalog.Hotels;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * A partner's backoffice numbers of one of its hotels, from the analytics schema: occupancy, ADR and RevPAR
 * of a stay period, and its booking pace. Another partner's hotel is not found, as an unknown one is, so the
 * reports do not tell which hotel ids exist. See docs/partner-reports.md.
 */
public final class PartnerReports {

    /** The longest stay period of one report, in nights. */
    public static final int MAX_NIGHTS = 366;

    /** How many days before a period's first night pace looks back, at most and when not asked. */
    public static final int MAX_PACE_DAYS = 365;

    public static final int DEFAULT_PACE_DAYS = 90;

    private final CatalogDatabase db;
    private final Clock clock;

    public PartnerReports(CatalogDatabase db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** The pace of [from, to), the previous period it is set against, and the last booking date known. */
    public record Pace(LocalDate previousFrom, LocalDate previousTo, LocalDate asOf, List<Reports.PaceRow> rows) {}

    /** Occupancy, ADR and RevPAR of stay nights [from, to) by room type and night, room type and hotel. */
    public List<Reports.PerformanceRow> performance(Actor partner, String hotelId, LocalDate from, LocalDate to) {
        requireRange(from, to);
        return db.read(c -> {
            requireOwned(c, partner, hotelId);
            return Reports.performance(c, hotelId, from, to);
        });
    }

    /** The booking pace of stay nights [from, to) over {@code days} .. 0 days before the first night. */
    public Pace pace(Actor partner, String hotelId, LocalDate from, LocalDate to, int days) {
        requireRange(from, to);
        if (days < 0 || days > MAX_PACE_DAYS) {
            throw CatalogException.Invalid.request("days must be between 0 and " + MAX_PACE_DAYS);
        }
        LocalDate asOf = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        long length = ChronoUnit.DAYS.between(from, to);
        List<Reports.PaceRow> rows = db.read(c -> {
            requireOwned(c, partner, hotelId);
            return Reports.pace(c, hotelId, from, to, days, asOf);
        });
        return new Pace(from.minusDays(length), from, asOf, rows);
    }

    private static void requireRange(LocalDate from, LocalDate to) {
        if (!to.isAfter(from)) {
            throw CatalogException.Invalid.request("to must be after from (to is exclusive, like a check-out date)");
        }
        if (ChronoUnit.DAYS.between(from, to) > MAX_NIGHTS) {
            throw CatalogException.Invalid.request("A report covers at most " + MAX_NIGHTS + " nights");
        }
    }

    private static void requireOwned(Connection c, Actor partner, String hotelId) throws SQLException {
        PartnerCatalog.owned(c, partner, hotelId, Hotels.Lock.NONE);
    }
}
