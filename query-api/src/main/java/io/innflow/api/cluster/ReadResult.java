package io.innflow.api.cluster;

import java.net.http.HttpHeaders;

/**
 * The answer to a read addressed by hotel, wherever it was answered. The HTTP layer maps it to a
 * response in one place ({@code io.innflow.api.http.Responses}); nothing here knows a status.
 */
public sealed interface ReadResult<T> {

    /**
     * Found in this node's stores.
     *
     * @param stale true when read from a standby or a restoring copy
     * @param servedBy the node id whose stores answered
     */
    record Found<T>(T value, boolean stale, String servedBy) implements ReadResult<T> {}

    /** The answer of the node the read was forwarded to, to be relayed as it came. */
    record Forwarded<T>(int status, HttpHeaders headers, byte[] body) implements ReadResult<T> {}

    /**
     * The key does not exist (or is not the caller's to see).
     *
     * @param reason a reason code, as in a rejection ({@code HOLD_NOT_FOUND})
     */
    record NotFound<T>(String reason, String detail) implements ReadResult<T> {}

    /** No copy that may answer can answer right now (starting, rebalancing, the owner silent). */
    record NotReady<T>(String detail) implements ReadResult<T> {}

    /** The store that may answer has not applied the caller's consistency token within the wait. */
    record Behind<T>() implements ReadResult<T> {}
}
