package io.innflow.infra;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;

/** What the run prints once everything is ready: the URLs and requests that work on this catalog. */
final class Banner {

    private Banner() {}

    static String text(EmbeddedStack stack, Path endpointsFile, Optional<Path> tokensFile, StackSettings settings) {
        Map<String, String> e = stack.endpoints();
        String node = e.get("node");
        StringBuilder b = new StringBuilder();
        b.append("\n=== innflow is ready ===\n");
        b.append("  API              ").append(node).append("/v1/hotels?city=Bangkok\n");
        b.append("  health           ").append(node).append("/health/ready\n");
        b.append("  Kafka            ").append(e.get("kafkaBootstrap")).append('\n');
        b.append("  PostgreSQL       ")
                .append(e.get("postgresJdbcUrl"))
                .append(" (user ")
                .append(e.get("postgresUser"))
                .append(")\n");
        b.append("  schema registry  ").append(e.get("registryUrl")).append("/apis/ccompat/v7/subjects\n");
        b.append("  Kafka Connect    ").append(e.get("connectUrl")).append("/connectors/catalog-source/status\n");
        b.append("  sent emails      ")
                .append(e.get("mailUrl"))
                .append(" (the notifier's SMTP server: ")
                .append(e.get("smtp"))
                .append(")\n");
        b.append("  endpoints file   ").append(endpointsFile).append('\n');
        b.append("  data             ").append(settings.dataDir()).append('\n');
        Optional<Map<String, Object>> tokens = stack.demoTokens();
        tokens.ifPresent(t -> {
            b.append("\nDemo identities (tokens valid for a year; also in ")
                    .append(tokensFile.map(Path::toString).orElse("demo-tokens.json"))
                    .append("):\n");
            b.append("  export GUEST='").append(t.get("guest")).append("'\n");
            b.append("  export GUEST2='").append(t.get("guest2")).append("'\n");
            b.append("  export PARTNER='").append(t.get("partner")).append("'\n");
            b.append("  export ADMIN='").append(t.get("admin")).append("'\n");
            b.append("  (the partner owns the demo hotels; the admin approves and suspends hotels)\n");
        });
        example(stack).ifPresent(ex -> {
            String hotel = ex.hotelId();
            String roomType = ex.roomTypeId();
            LocalDate in = ex.checkIn();
            LocalDate out = in.plusDays(3);
            b.append("\nTry:\n");
            b.append("  curl '")
                    .append(node)
                    .append("/v1/hotels/")
                    .append(hotel)
                    .append("/availability?from=")
                    .append(in)
                    .append("&to=")
                    .append(out)
                    .append("&roomType=")
                    .append(roomType)
                    .append("'\n");
            b.append("  curl -i -X POST '")
                    .append(node)
                    .append("/v1/hotels/")
                    .append(hotel)
                    .append("/holds' \\\n")
                    .append("    -H \"Authorization: Bearer $GUEST\" \\\n")
                    .append("    -H 'Content-Type: application/json' -H 'Idempotency-Key: demo-1' \\\n")
                    .append("    -d '{\"roomTypeId\":\"")
                    .append(roomType)
                    .append("\",\"checkIn\":\"")
                    .append(in)
                    .append("\",\"checkOut\":\"")
                    .append(out)
                    .append("\",\"quantity\":1}'\n");
        });
        b.append("\nCtrl-C stops everything; data stays in ")
                .append(settings.dataDir())
                .append(".\n");
        return b.toString();
    }

    private record Example(String hotelId, String roomTypeId, LocalDate checkIn) {}

    /** A hotel, a room type and a check-in date two weeks ahead that the catalog offers. */
    private static Optional<Example> example(EmbeddedStack stack) {
        String sql = "select hotel_id, room_type_id, min(night), max(night) from room_nights"
                + " group by hotel_id, room_type_id order by hotel_id, room_type_id limit 1";
        try (Connection c = stack.postgres().dataSource().getConnection();
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery(sql)) {
            if (!r.next()) {
                return Optional.empty();
            }
            LocalDate first = r.getDate(3).toLocalDate();
            LocalDate last = r.getDate(4).toLocalDate();
            LocalDate in = LocalDate.now().plusDays(14);
            if (in.isBefore(first) || in.plusDays(3).isAfter(last.plusDays(1))) {
                in = first;
            }
            return Optional.of(new Example(r.getString(1), r.getString(2), in));
        } catch (SQLException ex) {
            return Optional.empty();
        }
    }
}
