package io.innflow.notifier;

import static io.innflow.notifier.TestEvents.booking;
import static io.innflow.notifier.TestEvents.guest;
import static io.innflow.notifier.TestEvents.hold;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.innflow.connectors.CatalogMigrations;
import io.innflow.schemas.reservation.ReservationEvent;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/** The outbox on real PostgreSQL (the real migrations, as the notifier's role) and a real SMTP server. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class OutboxTest {

    private static final String TOPIC = "reservation-events";
    private static final String DOMAIN = "innflow.test";

    @TempDir
    static Path dir;

    private EmbeddedPostgres postgres;
    private GreenMail smtp;
    private PGSimpleDataSource asNotifier;
    private final MutableClock clock = new MutableClock(Instant.parse("2027-01-01T10:00:00Z"));
    private Outbox outbox;
    private SmtpMailSender mail;
    private long nextOffset;

    @BeforeAll
    void start() throws Exception {
        postgres = EmbeddedPostgres.builder().setDataDirectory(dir).start();
        CatalogMigrations.migrate(postgres.getPostgresDatabase());
        NotifierRole.setPassword(postgres.getPostgresDatabase(), "notifier-pa'ss");
        try (Connection c = postgres.getPostgresDatabase().getConnection();
                Statement st = c.createStatement()) {
            st.execute("INSERT INTO hotels (hotel_id, name, city, time_zone) VALUES ('h1', 'Riverside Inn', 'Bangkok',"
                    + " 'Asia/Bangkok')");
            st.execute("INSERT INTO room_types (hotel_id, room_type_id, code, name, capacity, total_rooms,"
                    + " base_price_minor) VALUES ('h1', 'std', 'STD', 'Standard Twin', 2, 5, 150000)");
        }
        asNotifier = new PGSimpleDataSource();
        asNotifier.setUrl(postgres.getJdbcUrl("postgres", "postgres"));
        asNotifier.setUser(NotifierRole.NAME);
        asNotifier.setPassword("notifier-pa'ss");
        smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        smtp.start();
        Map<String, String> values = Map.of(
                NotifierSettings.SMTP_PORT.key(),
                Integer.toString(smtp.getSmtp().getPort()),
                NotifierSettings.FROM.key(),
                "innflow <bookings@" + DOMAIN + ">");
        mail = new SmtpMailSender(NotifierSettings.from(values));
    }

    @AfterAll
    void stop() throws Exception {
        if (smtp != null) {
            smtp.stop();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @BeforeEach
    void emptyOutbox() throws Exception {
        try (Connection c = postgres.getPostgresDatabase().getConnection();
                Statement st = c.createStatement()) {
            st.execute("TRUNCATE notifier.outbox, notifier.consumer_offsets");
        }
        smtp.purgeEmailFromAllMailboxes();
        outbox = new Outbox(asNotifier, "innflow-notifier", new Notifications(Duration.ofSeconds(60)), DOMAIN, clock);
        nextOffset = 0;
    }

    private List<ConsumerRecord<String, ReservationEvent>> records(ReservationEvent... events) {
        List<ConsumerRecord<String, ReservationEvent>> records = new ArrayList<>();
        for (ReservationEvent e : events) {
            records.add(new ConsumerRecord<>(TOPIC, 3, nextOffset++, e.getHotelId(), e));
        }
        return records;
    }

    @Test
    void shouldQueueEachEventOnceAndStoreTheOffsetsAfterIt() throws Exception {
        ReservationEvent confirmed =
                TestEvents.confirmed(booking("h1", "bk-1", null, guest("Ann Lee", "ann@example.com")));
        List<ConsumerRecord<String, ReservationEvent>> batch = records(confirmed);

        Outbox.Applied first = outbox.apply(batch);
        Outbox.Applied again = outbox.apply(batch);

        assertThat(first.composed()).isEqualTo(1);
        assertThat(again.composed())
                .as("the same event id and kind are already queued")
                .isZero();
        assertThat(count("SELECT count(*) FROM notifier.outbox")).isEqualTo(1);
        assertThat(outbox.storedOffsets(List.of(new TopicPartition(TOPIC, 3), new TopicPartition(TOPIC, 4))))
                .containsExactly(Map.entry(new TopicPartition(TOPIC, 3), 1L));
    }

    @Test
    void shouldSendOneEmailWithTheHotelsNameAndAMessageIdFromTheEvent() throws Exception {
        ReservationEvent confirmed =
                TestEvents.confirmed(booking("h1", "bk-2", null, guest("Ann Lee", "ann@example.com")));
        outbox.apply(records(confirmed));

        int sent = outbox.sendDue(mail, 10);
        int sentAgain = outbox.sendDue(mail, 10);

        assertThat(sent).isEqualTo(1);
        assertThat(sentAgain).isZero();
        MimeMessage[] received = smtp.getReceivedMessages();
        assertThat(received).hasSize(1);
        MimeMessage message = received[0];
        assertThat(message.getAllRecipients()).extracting(Object::toString).containsExactly("ann@example.com");
        assertThat(message.getSubject()).contains("Riverside Inn", "bk-2");
        assertThat(message.getMessageID())
                .isEqualTo(Outbox.messageId(confirmed.getEventId(), EmailKind.BOOKING_CONFIRMED, DOMAIN))
                .isEqualTo("<" + confirmed.getEventId() + ".booking_confirmed@" + DOMAIN + ">");
        assertThat(com.icegreen.greenmail.util.GreenMailUtil.getBody(message))
                .contains("Standard Twin", "Ann Lee", "bk-2");
    }

    @Test
    void shouldHoldAReminderUntilTheLeadBeforeExpiry() throws Exception {
        Instant expiresAt = clock.instant().plus(Duration.ofMinutes(10));
        outbox.apply(records(TestEvents.placed(hold("h1", "hold-1", expiresAt, guest("Ann Lee", "ann@example.com")))));

        int early = outbox.sendDue(mail, 10);
        clock.set(expiresAt.minusSeconds(60));
        int due = outbox.sendDue(mail, 10);

        assertThat(early).isZero();
        assertThat(due).isEqualTo(1);
        assertThat(smtp.getReceivedMessages()).singleElement().satisfies(m -> assertThat(m.getSubject())
                .isEqualTo("Your hold at Riverside Inn expires soon (hold-1)"));
    }

    @Test
    void shouldNotRemindOfAHoldReleasedOrConfirmedBeforeTheReminderWasDue() throws Exception {
        Instant expiresAt = clock.instant().plus(Duration.ofMinutes(10));
        var released = hold("h1", "hold-r", expiresAt, guest("Ann Lee", "ann@example.com"));
        var confirmed = hold("h1", "hold-c", expiresAt, guest("Ann Lee", "ann@example.com"));
        outbox.apply(records(TestEvents.placed(released), TestEvents.placed(confirmed)));
        Outbox.Applied ended = outbox.apply(
                records(TestEvents.released(released), TestEvents.confirmed(booking("h1", "bk-c", "hold-c", null))));

        clock.set(expiresAt);
        int sent = outbox.sendDue(mail, 10);

        assertThat(ended.forgotten()).isEqualTo(2);
        assertThat(sent).isZero();
        assertThat(smtp.getReceivedMessages()).isEmpty();
    }

    @Test
    void shouldRetryAFailedSendLaterWithTheSameMessageId() throws Exception {
        outbox.apply(records(TestEvents.cancelled(booking("h1", "bk-3", null, guest("Ann Lee", "ann@example.com")))));
        AtomicInteger calls = new AtomicInteger();
        List<String> ids = new ArrayList<>();
        MailSender flaky = (messageId, email) -> {
            ids.add(messageId);
            if (calls.incrementAndGet() == 1) {
                throw new jakarta.mail.MessagingException("server unavailable");
            }
            mail.send(messageId, email);
        };

        int first = outbox.sendDue(flaky, 10);
        int beforeBackoff = outbox.sendDue(flaky, 10);
        clock.advance(Outbox.backoff(1));
        int afterBackoff = outbox.sendDue(flaky, 10);

        assertThat(first).isZero();
        assertThat(beforeBackoff).isZero();
        assertThat(afterBackoff).isEqualTo(1);
        assertThat(ids).hasSize(2).containsOnly(ids.get(0));
        assertThat(smtp.getReceivedMessages()).hasSize(1);
        assertThat(count("SELECT attempts FROM notifier.outbox")).isEqualTo(2);
    }

    @Test
    void shouldLetTheNotifiersRoleReadTheCatalogButNotChangeIt() throws Exception {
        try (Connection c = asNotifier.getConnection();
                Statement st = c.createStatement()) {
            assertThat(st.executeQuery("SELECT name FROM public.hotels WHERE hotel_id = 'h1'")
                            .next())
                    .isTrue();
            SQLException denied = org.assertj.core.api.Assertions.catchThrowableOfType(
                    SQLException.class, () -> st.executeUpdate("UPDATE public.hotels SET name = 'x'"));
            assertThat(denied.getSQLState()).isEqualTo("42501");
            // It deletes ended outbox rows (the retention), never its stored offsets or the catalog.
            SQLException noDelete = org.assertj.core.api.Assertions.catchThrowableOfType(
                    SQLException.class, () -> st.executeUpdate("DELETE FROM notifier.consumer_offsets"));
            assertThat(noDelete.getSQLState()).isEqualTo("42501");
            SQLException noCatalogDelete = org.assertj.core.api.Assertions.catchThrowableOfType(
                    SQLException.class, () -> st.executeUpdate("DELETE FROM public.hotels"));
            assertThat(noCatalogDelete.getSQLState()).isEqualTo("42501");
        }
    }

    @Test
    void shouldDeleteEmailsSentLongerAgoThanTheRetentionAndKeepTheRest() throws Exception {
        outbox.apply(records(
                TestEvents.confirmed(booking("h1", "bk-old", null, guest("Ann Lee", "ann@example.com"))),
                TestEvents.confirmed(booking("h1", "bk-new", null, guest("Bo Chen", "bo@example.com")))));
        outbox.sendDue(mail, 10);
        Instant expiresAt = clock.instant().plus(Duration.ofDays(40));
        outbox.apply(
                records(TestEvents.placed(hold("h1", "hold-later", expiresAt, guest("Ann Lee", "ann@example.com")))));
        try (Connection c = postgres.getPostgresDatabase().getConnection();
                Statement st = c.createStatement()) {
            // The sender marks with the database's now(): place one row 36 days and one 34 days before the test clock.
            st.execute(
                    "UPDATE notifier.outbox SET sent_at = TIMESTAMPTZ '2026-11-26 10:00:00+00' WHERE reference = 'bk-old'");
            st.execute(
                    "UPDATE notifier.outbox SET sent_at = TIMESTAMPTZ '2026-11-28 10:00:00+00' WHERE reference = 'bk-new'");
        }

        int deleted = outbox.forgetEnded(Duration.ofDays(35));

        assertThat(deleted).isEqualTo(1);
        assertThat(references()).containsExactlyInAnyOrder("bk-new", "hold-later");
    }

    private List<String> references() throws SQLException {
        List<String> references = new ArrayList<>();
        try (Connection c = postgres.getPostgresDatabase().getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT reference FROM notifier.outbox")) {
            while (rs.next()) {
                references.add(rs.getString(1));
            }
        }
        return references;
    }

    private long count(String sql) throws SQLException {
        try (Connection c = postgres.getPostgresDatabase().getConnection();
                PreparedStatement ps = c.prepareStatement(sql);
                ResultSet rs = ps.executeQuery()) {
            assertThat(rs.next()).isTrue();
            return rs.getLong(1);
        }
    }

    /** A clock the test moves. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            now = instant;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
