package io.innflow.notifier;

import io.innflow.schemas.reservation.ReservationEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The notifier's state in PostgreSQL (schema {@code notifier}): the outbox of emails, one row per event
 * id and kind, and the consumer's offsets. A batch of events and the offsets after it are written in
 * one transaction, so every event reaches the outbox exactly once whatever crashes; rows are then sent
 * one per transaction, locked while they are sent, and marked sent.
 */
public final class Outbox {

    private static final Logger log = LoggerFactory.getLogger(Outbox.class);

    /** After this many failed attempts a row is given up (and logged); the delay doubles up to ten minutes. */
    static final int MAX_ATTEMPTS = 12;

    private static final Duration MAX_BACKOFF = Duration.ofMinutes(10);

    private final DataSource db;
    private final String groupId;
    private final Notifications notifications;
    private final String messageDomain;
    private final Clock clock;

    public Outbox(DataSource db, String groupId, Notifications notifications, String messageDomain, Clock clock) {
        this.db = db;
        this.groupId = groupId;
        this.notifications = notifications;
        this.messageDomain = messageDomain;
        this.clock = clock;
    }

    /** The Message-ID of an email: stable for an event and kind, so mail systems drop a resent copy. */
    public static String messageId(String eventId, EmailKind kind, String domain) {
        String local = (eventId + "." + kind.name().toLowerCase(Locale.ROOT)).replaceAll("[^A-Za-z0-9._-]", "-");
        return "<" + local + "@" + domain + ">";
    }

    /** The next offset stored for each of {@code partitions}; partitions never stored are absent. */
    public Map<TopicPartition, Long> storedOffsets(Collection<TopicPartition> partitions) throws SQLException {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT next_offset FROM notifier.consumer_offsets"
                        + " WHERE group_id = ? AND topic = ? AND partition = ?")) {
            for (TopicPartition tp : partitions) {
                ps.setString(1, groupId);
                ps.setString(2, tp.topic());
                ps.setInt(3, tp.partition());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        offsets.put(tp, rs.getLong(1));
                    }
                }
            }
        }
        return offsets;
    }

    /**
     * One applied batch.
     *
     * @param nextOffsets the next offset of every partition in the batch, as stored
     * @param composed emails added to the outbox
     * @param forgotten reminders that will not be sent
     */
    public record Applied(Map<TopicPartition, Long> nextOffsets, int composed, int forgotten) {}

    /**
     * Writes the emails {@code records} call for and, in the same transaction, the offsets after them.
     * An email already in the outbox (same event id and kind) is left as it is.
     *
     */
    public Applied apply(List<ConsumerRecord<String, ReservationEvent>> records) throws SQLException {
        Map<TopicPartition, Long> next = new LinkedHashMap<>();
        int composed = 0;
        int forgotten = 0;
        Instant now = clock.instant();
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                for (ConsumerRecord<String, ReservationEvent> record : records) {
                    next.put(new TopicPartition(record.topic(), record.partition()), record.offset() + 1);
                    if (record.value() == null) {
                        continue;
                    }
                    for (Intent intent : notifications.of(record.value(), now)) {
                        if (intent instanceof Intent.Compose compose) {
                            composed += insert(c, compose);
                        } else if (intent instanceof Intent.ForgetReminder forget) {
                            forgotten += forget(c, forget);
                        }
                    }
                }
                storeOffsets(c, next);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
        return new Applied(next, composed, forgotten);
    }

    private int insert(Connection c, Intent.Compose compose) throws SQLException {
        Stay stay = compose.stay();
        Email email = EmailRenderer.render(compose.kind(), stay, names(c, stay));
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO notifier.outbox (event_id, kind, hotel_id, hold_id,"
                + " reference, recipient, subject, body_text, body_html, message_id, due_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (event_id, kind) DO NOTHING")) {
            ps.setString(1, compose.eventId());
            ps.setString(2, compose.kind().name());
            ps.setString(3, stay.hotelId());
            ps.setString(4, stay.holdId());
            ps.setString(5, stay.reference());
            ps.setString(6, email.recipient());
            ps.setString(7, email.subject());
            ps.setString(8, email.text());
            ps.setString(9, email.html());
            ps.setString(10, messageId(compose.eventId(), compose.kind(), messageDomain));
            ps.setTimestamp(11, Timestamp.from(compose.dueAt()));
            return ps.executeUpdate();
        }
    }

    private static int forget(Connection c, Intent.ForgetReminder forget) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE notifier.outbox SET cancelled_at = now()"
                + " WHERE kind = 'HOLD_EXPIRING' AND hotel_id = ? AND hold_id = ?"
                + " AND sent_at IS NULL AND cancelled_at IS NULL")) {
            ps.setString(1, forget.hotelId());
            ps.setString(2, forget.holdId());
            return ps.executeUpdate();
        }
    }

    /** The hotel's and room type's names and the hotel's time zone, from the partner-written catalog. */
    private static EmailRenderer.CatalogNames names(Connection c, Stay stay) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT h.name, h.time_zone, r.name FROM public.hotels h"
                + " LEFT JOIN public.room_types r ON r.hotel_id = h.hotel_id AND r.room_type_id = ?"
                + " WHERE h.hotel_id = ?")) {
            ps.setString(1, stay.roomTypeId());
            ps.setString(2, stay.hotelId());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return new EmailRenderer.CatalogNames(
                            rs.getString(1),
                            Optional.ofNullable(rs.getString(3)).orElse(stay.roomTypeId()),
                            zone(rs.getString(2)));
                }
            }
        }
        return new EmailRenderer.CatalogNames(stay.hotelId(), stay.roomTypeId(), ZoneOffset.UTC);
    }

    private static ZoneId zone(String id) {
        try {
            return id == null ? ZoneOffset.UTC : ZoneId.of(id);
        } catch (RuntimeException e) {
            return ZoneOffset.UTC;
        }
    }

    /** Stores one partition's next offset on its own, as after a record that cannot be read. */
    public void storeOffset(TopicPartition tp, long next) throws SQLException {
        try (Connection c = db.getConnection()) {
            storeOffsets(c, Map.of(tp, next));
        }
    }

    private void storeOffsets(Connection c, Map<TopicPartition, Long> next) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO notifier.consumer_offsets (group_id, topic, partition, next_offset) VALUES (?, ?, ?, ?)"
                        + " ON CONFLICT (group_id, topic, partition) DO UPDATE SET next_offset = excluded.next_offset,"
                        + " updated_at = now()")) {
            for (Map.Entry<TopicPartition, Long> e : next.entrySet()) {
                ps.setString(1, groupId);
                ps.setString(2, e.getKey().topic());
                ps.setInt(3, e.getKey().partition());
                ps.setLong(4, e.getValue());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /**
     * Sends the emails that are due, one per transaction: the row is locked (other notifier instances
     * skip it) while it is sent, then marked sent. A crash between the SMTP send and the commit sends it
     * again with the same Message-ID.
     *
     * @return how many were sent
     */
    public int sendDue(MailSender mail, int limit) throws SQLException {
        int sent = 0;
        for (int i = 0; i < limit; i++) {
            Optional<Boolean> one = sendOne(mail);
            if (one.isEmpty()) {
                break;
            }
            if (one.get()) {
                sent++;
            }
        }
        return sent;
    }

    /** Empty when nothing is due; otherwise whether the one due row was sent. */
    private Optional<Boolean> sendOne(MailSender mail) throws SQLException {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                Optional<Boolean> result = sendOne(c, mail);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private Optional<Boolean> sendOne(Connection c, MailSender mail) throws SQLException {
        String eventId;
        String kind;
        String messageId;
        int attempts;
        Email email;
        try (PreparedStatement ps = c.prepareStatement("SELECT event_id, kind, message_id, attempts, recipient,"
                        + " subject, body_text, body_html FROM notifier.outbox"
                        + " WHERE sent_at IS NULL AND cancelled_at IS NULL AND due_at <= ?"
                        + " ORDER BY due_at LIMIT 1 FOR UPDATE SKIP LOCKED");
                ResultSet rs = query(ps, Timestamp.from(clock.instant()))) {
            if (!rs.next()) {
                return Optional.empty();
            }
            eventId = rs.getString(1);
            kind = rs.getString(2);
            messageId = rs.getString(3);
            attempts = rs.getInt(4);
            email = new Email(rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8));
        }
        try {
            mail.send(messageId, email);
        } catch (Exception e) {
            int attempt = attempts + 1;
            boolean giveUp = attempt >= MAX_ATTEMPTS;
            Duration delay = backoff(attempt);
            try (PreparedStatement ps = c.prepareStatement("UPDATE notifier.outbox SET attempts = ?, last_error = ?,"
                    + " due_at = ?, cancelled_at = CASE WHEN ? THEN now() END WHERE event_id = ? AND kind = ?")) {
                ps.setInt(1, attempt);
                // The exception's class only: SMTP replies can quote the recipient.
                ps.setString(2, e.getClass().getName());
                ps.setTimestamp(3, Timestamp.from(clock.instant().plus(delay)));
                ps.setBoolean(4, giveUp);
                ps.setString(5, eventId);
                ps.setString(6, kind);
                ps.executeUpdate();
            }
            if (giveUp) {
                log.error(
                        "Gave up the {} email of event {} after {} attempts ({})",
                        kind,
                        eventId,
                        attempt,
                        e.getClass().getName());
            } else {
                log.warn(
                        "Sending the {} email of event {} failed (attempt {}, {}); retrying in {}",
                        kind,
                        eventId,
                        attempt,
                        e.getClass().getName(),
                        delay);
            }
            return Optional.of(false);
        }
        try (PreparedStatement ps =
                c.prepareStatement("UPDATE notifier.outbox SET sent_at = now(), attempts = attempts + 1,"
                        + " last_error = NULL WHERE event_id = ? AND kind = ?")) {
            ps.setString(1, eventId);
            ps.setString(2, kind);
            ps.executeUpdate();
        }
        log.info("Sent the {} email of event {} ({})", kind, eventId, messageId);
        return Optional.of(true);
    }

    /**
     * Deletes the rows sent or given up more than {@code retention} ago (they carry the guest's address
     * and email); rows still due stay whatever their age. Returns how many were deleted.
     */
    public int forgetEnded(Duration retention) throws SQLException {
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement("DELETE FROM notifier.outbox"
                        + " WHERE (sent_at IS NOT NULL OR cancelled_at IS NOT NULL)"
                        + " AND coalesce(sent_at, cancelled_at) < ?")) {
            ps.setTimestamp(1, Timestamp.from(clock.instant().minus(retention)));
            int deleted = ps.executeUpdate();
            if (deleted > 0) {
                log.info("Deleted {} outbox rows sent or given up more than {} ago", deleted, retention);
            }
            return deleted;
        }
    }

    private static ResultSet query(PreparedStatement ps, Timestamp now) throws SQLException {
        ps.setTimestamp(1, now);
        return ps.executeQuery();
    }

    static Duration backoff(int attempt) {
        Duration d = Duration.ofSeconds(1L << Math.min(attempt, 20));
        return d.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : d;
    }
}
