package io.innflow.connectors.catalog;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Writes nights of one hotel in the caller's transaction with one {@code INSERT ... ON CONFLICT DO
 * UPDATE} into {@code room_nights}, fed by PostgreSQL's fast paths: {@code COPY} into a temporary
 * table for a bulk upload, or arrays bound to one statement ({@code unnest}) for a few hundred rows,
 * where creating and dropping a temporary table would cost more than the rows (and slowed the change's
 * way through logical decoding by about 0.1 s). Never one round trip per row. A row equal to the
 * stored one is not rewritten, so it causes no change event and no work downstream.
 */
public final class NightsWriter {

    /**
     * What a write did.
     *
     * @param inserted nights that had no row
     * @param updated nights whose row changed
     * @param unchanged nights whose row already held these values
     */
    public record Counts(int inserted, int updated, int unchanged) {
        public boolean changed() {
            return inserted + updated > 0;
        }
    }

    private static final String CREATE_STAGING = "CREATE TEMP TABLE nights_upload ("
            + " room_type_id text NOT NULL, night date NOT NULL, allotment integer NOT NULL,"
            + " price_minor bigint NOT NULL, stop_sell boolean NOT NULL, min_los integer, max_los integer,"
            + " closed_to_arrival boolean NOT NULL, closed_to_departure boolean NOT NULL) ON COMMIT DROP";

    private static final String COPY = "COPY nights_upload (room_type_id, night, allotment, price_minor, stop_sell,"
            + " min_los, max_los, closed_to_arrival, closed_to_departure) FROM STDIN";

    /** Rows up to this count are bound as arrays; more go through COPY. */
    public static final int ARRAY_ROWS = 1_000;

    private static final String UNNEST = "unnest(?::text[], ?::date[], ?::integer[], ?::bigint[], ?::boolean[],"
            + " ?::integer[], ?::integer[], ?::boolean[], ?::boolean[]) AS u(room_type_id, night, allotment,"
            + " price_minor, stop_sell, min_los, max_los, closed_to_arrival, closed_to_departure)";

    private static String upsert(String source) {
        return "WITH written AS ("
                + " INSERT INTO room_nights AS t (hotel_id, room_type_id, night, allotment, price_minor, stop_sell,"
                + " min_los, max_los, closed_to_arrival, closed_to_departure)"
                + " SELECT ?, u.room_type_id, u.night, u.allotment, u.price_minor, u.stop_sell, u.min_los, u.max_los,"
                + " u.closed_to_arrival, u.closed_to_departure FROM " + source
                + " ON CONFLICT ON CONSTRAINT room_nights_pk DO UPDATE SET allotment = EXCLUDED.allotment,"
                + " price_minor = EXCLUDED.price_minor, stop_sell = EXCLUDED.stop_sell, min_los = EXCLUDED.min_los,"
                + " max_los = EXCLUDED.max_los, closed_to_arrival = EXCLUDED.closed_to_arrival,"
                + " closed_to_departure = EXCLUDED.closed_to_departure"
                + " WHERE (t.allotment, t.price_minor, t.stop_sell, t.min_los, t.max_los, t.closed_to_arrival,"
                + " t.closed_to_departure) IS DISTINCT FROM (EXCLUDED.allotment, EXCLUDED.price_minor,"
                + " EXCLUDED.stop_sell, EXCLUDED.min_los, EXCLUDED.max_los, EXCLUDED.closed_to_arrival,"
                + " EXCLUDED.closed_to_departure)"
                + " RETURNING (xmax = 0) AS inserted)"
                + " SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) FROM written";
    }

    private static final int CHUNK = 64 * 1024;

    private NightsWriter() {}

    /** Upserts {@code rows} (distinct room type and night) of {@code hotelId}; the caller commits. */
    public static Counts upsert(Connection c, String hotelId, Collection<NightRow> rows) throws SQLException {
        if (rows.isEmpty()) {
            return new Counts(0, 0, 0);
        }
        return rows.size() <= ARRAY_ROWS ? upsertArrays(c, hotelId, rows) : upsertCopied(c, hotelId, rows);
    }

    private static Counts upsertArrays(Connection c, String hotelId, Collection<NightRow> rows) throws SQLException {
        int n = rows.size();
        String[] roomTypes = new String[n];
        String[] nights = new String[n];
        Integer[] allotments = new Integer[n];
        Long[] prices = new Long[n];
        Boolean[] stopSells = new Boolean[n];
        Integer[] minLos = new Integer[n];
        Integer[] maxLos = new Integer[n];
        Boolean[] ctas = new Boolean[n];
        Boolean[] ctds = new Boolean[n];
        int i = 0;
        for (NightRow row : rows) {
            roomTypes[i] = row.roomTypeId();
            nights[i] = row.night().toString();
            allotments[i] = row.allotment();
            prices[i] = row.priceMinor();
            stopSells[i] = row.stopSell();
            minLos[i] = row.minLos();
            maxLos[i] = row.maxLos();
            ctas[i] = row.closedToArrival();
            ctds[i] = row.closedToDeparture();
            i++;
        }
        try (PreparedStatement ps = c.prepareStatement(upsert(UNNEST))) {
            ps.setString(1, hotelId);
            ps.setArray(2, c.createArrayOf("text", roomTypes));
            ps.setArray(3, c.createArrayOf("text", nights));
            ps.setArray(4, c.createArrayOf("int4", allotments));
            ps.setArray(5, c.createArrayOf("int8", prices));
            ps.setArray(6, c.createArrayOf("bool", stopSells));
            ps.setArray(7, c.createArrayOf("int4", minLos));
            ps.setArray(8, c.createArrayOf("int4", maxLos));
            ps.setArray(9, c.createArrayOf("bool", ctas));
            ps.setArray(10, c.createArrayOf("bool", ctds));
            return counts(ps, n);
        }
    }

    private static Counts upsertCopied(Connection c, String hotelId, Collection<NightRow> rows) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(CREATE_STAGING);
        }
        copy(c, rows);
        Counts counts;
        try (PreparedStatement ps = c.prepareStatement(upsert("nights_upload u"))) {
            ps.setString(1, hotelId);
            counts = counts(ps, rows.size());
        }
        try (Statement st = c.createStatement()) {
            // ON COMMIT DROP would do it at commit; dropping now lets the same transaction write again.
            st.execute("DROP TABLE nights_upload");
        }
        return counts;
    }

    private static Counts counts(PreparedStatement upsert, int rows) throws SQLException {
        try (ResultSet rs = upsert.executeQuery()) {
            rs.next();
            int inserted = rs.getInt(1);
            int updated = rs.getInt(2);
            return new Counts(inserted, updated, rows - inserted - updated);
        }
    }

    private static void copy(Connection c, Collection<NightRow> rows) throws SQLException {
        CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY);
        try {
            StringBuilder chunk = new StringBuilder(CHUNK + 256);
            for (NightRow row : rows) {
                chunk.append(row.roomTypeId())
                        .append('\t')
                        .append(row.night())
                        .append('\t')
                        .append(row.allotment())
                        .append('\t')
                        .append(row.priceMinor())
                        .append('\t')
                        .append(row.stopSell() ? 't' : 'f')
                        .append('\t')
                        .append(row.minLos() == null ? "\\N" : row.minLos().toString())
                        .append('\t')
                        .append(row.maxLos() == null ? "\\N" : row.maxLos().toString())
                        .append('\t')
                        .append(row.closedToArrival() ? 't' : 'f')
                        .append('\t')
                        .append(row.closedToDeparture() ? 't' : 'f')
                        .append('\n');
                if (chunk.length() >= CHUNK) {
                    write(copy, chunk);
                }
            }
            write(copy, chunk);
            copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }

    private static void write(CopyIn copy, StringBuilder chunk) throws SQLException {
        byte[] bytes = chunk.toString().getBytes(StandardCharsets.UTF_8);
        copy.writeToCopy(bytes, 0, bytes.length);
        chunk.setLength(0);
    }
}
