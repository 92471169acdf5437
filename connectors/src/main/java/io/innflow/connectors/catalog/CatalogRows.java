package io.innflow.connectors.catalog;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/** The size of the catalog Debezium streams: how many rows its three tables hold. */
public final class CatalogRows {

    private CatalogRows() {}

    /** Rows of hotels, room types and nights together; each becomes one record on a catalog topic. */
    public static long count(DataSource dataSource) {
        String sql = "select (select count(*) from hotels) + (select count(*) from room_types)"
                + " + (select count(*) from room_nights)";
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot count the catalog rows: " + e.getMessage(), e);
        }
    }
}
