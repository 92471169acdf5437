package io.innflow.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The PostgreSQL design a user would pick instead of innflow: a table of room-nights and, per hold, one
 * transaction of three {@code UPDATE ... SET held = held + 1 WHERE ... AND allotment - held - sold >= 1}
 * (JDBC, the server's {@code synchronous_commit} and {@code fsync}, both on in the embedded stack). The
 * clients share a HikariCP pool of up to {@code maxPool} connections, as an application server would:
 * up to that many clients each have a connection; beyond it, they queue for one.
 */
final class PostgresBaseline {

    private static final LocalDate FIRST_NIGHT = LocalDate.of(2030, 1, 1);

    private final DataSource dataSource;
    private final int allotment;
    private final int maxPool;
    private int nightSet;

    PostgresBaseline(DataSource dataSource, int allotment, int maxPool) {
        this.dataSource = dataSource;
        this.allotment = allotment;
        this.maxPool = maxPool;
    }

    /** Creates {@code bench.room_nights} with two months of nights of each room type; returns the server's durability settings. */
    String prepare(List<RoomType> roomTypes) throws Exception {
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS bench");
            s.execute("DROP TABLE IF EXISTS bench.room_nights");
            s.execute("CREATE TABLE bench.room_nights (hotel_id text NOT NULL, room_type_id text NOT NULL,"
                    + " night date NOT NULL, allotment integer NOT NULL, held integer NOT NULL DEFAULT 0,"
                    + " sold integer NOT NULL DEFAULT 0, PRIMARY KEY (hotel_id, room_type_id, night))");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO bench.room_nights"
                    + " (hotel_id, room_type_id, night, allotment) SELECT ?, ?, d::date, ?"
                    + " FROM generate_series(date '2030-01-01', date '2030-03-01', interval '1 day') d")) {
                for (RoomType rt : roomTypes) {
                    ps.setString(1, rt.hotelId());
                    ps.setString(2, rt.roomTypeId());
                    ps.setInt(3, allotment);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            s.execute("ANALYZE bench.room_nights");
            return "synchronous_commit=" + show(s, "synchronous_commit") + ", fsync=" + show(s, "fsync")
                    + ", max_connections=" + show(s, "max_connections") + "; a pool of up to " + maxPool
                    + " connections";
        }
    }

    /** {@code clients} clients holding 1 room for {@code stay} nights, each at its targets round-robin. */
    ClosedLoad.Result run(int clients, List<RoomType> targets, int stay, int warmup, double seconds) throws Exception {
        LocalDate checkIn = FIRST_NIGHT.plusDays((long) stay * nightSet++);
        HikariConfig pool = new HikariConfig();
        pool.setDataSource(dataSource);
        pool.setMaximumPoolSize(Math.min(clients, maxPool));
        pool.setMinimumIdle(Math.min(clients, maxPool));
        pool.setAutoCommit(false);
        pool.setPoolName("bench-pg-" + clients);
        HoldTally tally = new HoldTally();
        ClosedLoad.Run run;
        try (HikariDataSource ds = new HikariDataSource(pool)) {
            run = ClosedLoad.run(clients, warmup, seconds, (client, iteration) -> {
                RoomType target = targets.get((int) ((client + iteration) % targets.size()));
                return tally.note(target, hold(ds, target, checkIn, stay));
            });
        }
        Map<RoomType, Long> held = new HashMap<>();
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT hotel_id, room_type_id, min(held)"
                    + " FROM bench.room_nights WHERE night >= ? AND night < ? GROUP BY hotel_id, room_type_id")) {
                ps.setObject(1, checkIn);
                ps.setObject(2, checkIn.plusDays(stay));
                try (ResultSet r = ps.executeQuery()) {
                    while (r.next()) {
                        held.put(new RoomType(r.getString(1), r.getString(2)), r.getLong(3));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                            "SELECT coalesce(sum(greatest(0, held + sold - allotment)), 0) FROM bench.room_nights");
                    ResultSet r = ps.executeQuery()) {
                r.next();
                assertThat(r.getLong(1))
                        .as("room-nights sold beyond the allotment")
                        .isZero();
            }
        }
        return new ClosedLoad.Result(run, tally.beyondConfirmed(held));
    }

    private static int hold(DataSource ds, RoomType target, LocalDate checkIn, int stay) throws Exception {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement("UPDATE bench.room_nights SET held = held + 1"
                        + " WHERE hotel_id = ? AND room_type_id = ? AND night = ? AND allotment - held - sold >= 1")) {
            ps.setString(1, target.hotelId());
            ps.setString(2, target.roomTypeId());
            for (int n = 0; n < stay; n++) {
                ps.setObject(3, checkIn.plusDays(n));
                if (ps.executeUpdate() != 1) {
                    c.rollback();
                    return 409;
                }
            }
            c.commit();
            return 201;
        }
    }

    private static String show(Statement s, String setting) throws Exception {
        try (ResultSet r = s.executeQuery("SHOW " + setting)) {
            r.next();
            return r.getString(1);
        }
    }
}
