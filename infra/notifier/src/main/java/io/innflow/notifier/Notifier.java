package io.innflow.notifier;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.innflow.schemas.serde.AvroSerdeFactory;
import io.innflow.schemas.serde.SerdeFactory;
import io.innflow.schemas.topics.Topics;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The notifier service: a consumer of {@code reservation-events} filling the outbox, and a sender
 * delivering the outbox over SMTP. {@link Main} runs it on its own; the embedded stack starts one in
 * its JVM. Several instances may share one group and one database.
 */
public final class Notifier implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Notifier.class);
    private static final int SEND_BATCH = 50;

    private final HikariDataSource db;
    private final EventConsumer consumer;
    private final Thread consumerThread;
    private final ScheduledExecutorService sender;

    private Notifier(NotifierSettings settings, SerdeFactory serdes, MailSender mail) {
        HikariConfig pool = new HikariConfig();
        pool.setJdbcUrl(settings.postgresJdbcUrl());
        pool.setUsername(settings.postgresUser());
        pool.setPassword(settings.postgresPassword());
        pool.setMaximumPoolSize(3);
        pool.setPoolName("innflow-notifier");
        this.db = new HikariDataSource(pool);
        Outbox outbox = new Outbox(
                db,
                settings.groupId(),
                new Notifications(settings.reminderLead()),
                settings.fromDomain(),
                Clock.systemUTC());
        this.consumer = new EventConsumer(settings, Topics.create(serdes).events(), outbox);
        this.consumerThread = new Thread(consumer, "innflow-notifier-events");
        this.sender = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "innflow-notifier-smtp"));
        long interval = settings.sendInterval().toMillis();
        sender.scheduleWithFixedDelay(
                () -> {
                    try {
                        outbox.sendDue(mail, SEND_BATCH);
                    } catch (Exception e) {
                        log.warn("Reading the outbox failed: {}", e.toString());
                    }
                },
                0,
                interval,
                TimeUnit.MILLISECONDS);
        // Hourly: deleting the ended rows is cheap, and nothing depends on the moment it happens.
        sender.scheduleWithFixedDelay(
                () -> {
                    try {
                        outbox.forgetEnded(settings.outboxRetention());
                    } catch (Exception e) {
                        log.warn("Deleting old outbox rows failed: {}", e.toString());
                    }
                },
                0,
                1,
                TimeUnit.HOURS);
        consumerThread.start();
    }

    /** Starts a notifier with serdes of the configured registry, sending through the configured SMTP server. */
    public static Notifier start(NotifierSettings settings) {
        return start(settings, AvroSerdeFactory.forRegistry(settings.registryUrl()), new SmtpMailSender(settings));
    }

    /** Starts a notifier with the given serdes and mail sender. */
    public static Notifier start(NotifierSettings settings, SerdeFactory serdes, MailSender mail) {
        log.info("Starting the notifier: {}", settings);
        return new Notifier(settings, serdes, mail);
    }

    /** Whether its consumer still runs (it stops on a fatal error, such as unreadable stored offsets). */
    public boolean running() {
        return consumerThread.isAlive();
    }

    @Override
    public void close() {
        consumer.stop();
        sender.shutdown();
        try {
            consumerThread.join(TimeUnit.SECONDS.toMillis(15));
            sender.awaitTermination(15, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        db.close();
        log.info("Notifier stopped");
    }
}
