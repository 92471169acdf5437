package io.innflow.api.query;

/**
 * How one key-addressed read may be answered from this instance's stores.
 *
 * @param partition the partition of the hotel (of {@code reservation-commands} and of every store)
 * @param active true to read only an active, running task; false to accept a standby or a restoring
 *     task (a stale read)
 * @param token when present, answer only from a store that has applied it
 */
public record ReadScope(int partition, boolean active, ConsistencyToken token) {

    /** The same read, from any local copy of the partition. */
    public ReadScope stale() {
        return new ReadScope(partition, false, token);
    }
}
