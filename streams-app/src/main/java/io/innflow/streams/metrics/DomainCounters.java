package io.innflow.streams.metrics;

/**
 * Where the topology reports what it did, for operators' counters. Called on a stream thread for
 * every output it counts, so implementations only increment in memory: no I/O, no locks held long.
 *
 * <p>The topology counts what it processes: a task that aborts its transaction and processes the
 * same records again counts them again (rare; counters are for rates and trends, the topics are the
 * record).
 */
public interface DomainCounters {

    /** Counts nothing: the topology's default, and for tests. */
    DomainCounters NONE = new DomainCounters() {
        @Override
        public void event(String type) {}

        @Override
        public void answered() {}

        @Override
        public void rejected(String reason) {}

        @Override
        public void replayed() {}

        @Override
        public void catalogChangeApplied(long producedAtMs, long appliedAtMs) {}

        @Override
        public void catalogChangeCommittedAndApplied(long committedAtMs, long appliedAtMs) {}

        @Override
        public void overbookingReported(String nightKey) {}

        @Override
        public void counterDrift(String nightKey) {}
    };

    /** An event left the topology: {@code HoldPlaced}, {@code BookingCancelled}, … */
    void event(String type);

    /** A command was answered (accepted, rejected or replayed): the commands this node's tasks processed. */
    void answered();

    /** A command was rejected with this reason code. */
    void rejected(String reason);

    /** A repeated request was answered with its first result (an idempotent replay). */
    void replayed();

    /**
     * A catalog row was applied to the stores.
     *
     * @param producedAtMs the timestamp of the change record (when the CDC connector wrote it)
     * @param appliedAtMs when this node applied it
     */
    void catalogChangeApplied(long producedAtMs, long appliedAtMs);

    /**
     * A catalog row whose PostgreSQL commit time is known was applied (also counted by {@link
     * #catalogChangeApplied}).
     *
     * @param committedAtMs when PostgreSQL committed the change (Debezium's source {@code ts_ms})
     * @param appliedAtMs when this node applied it
     */
    void catalogChangeCommittedAndApplied(long committedAtMs, long appliedAtMs);

    /**
     * A catalog record that could not be read went to {@code catalog-dlq}.
     *
     * @param rowKnown its key named the row, whose new sales are now refused; false: its key could not
     *     be read either, so nothing could be blocked (an alarm)
     */
    default void catalogDeadLettered(boolean rowKnown) {}

    /** A night pushed past its ceiling was reported ({@code hotelId|roomTypeId|yyyy-MM-dd}). */
    void overbookingReported(String nightKey);

    /**
     * A night's held or sold counter would have gone below zero: the ledger and the holds and bookings
     * disagree ({@code hotelId|roomTypeId|yyyy-MM-dd}). A defect to investigate, never expected.
     */
    void counterDrift(String nightKey);
}
