package io.innflow.api.query;

import java.util.function.Function;

/** The answer of an interactive query, which the HTTP layer maps to a status. */
public sealed interface Lookup<T> {

    /** A found value through {@code f}; every other answer unchanged. */
    @SuppressWarnings("unchecked")
    default <U> Lookup<U> map(Function<T, U> f) {
        return this instanceof Found<T> found ? new Found<>(f.apply(found.value())) : (Lookup<U>) this;
    }

    /** Answered from a local store. */
    record Found<T>(T value) implements Lookup<T> {}

    /**
     * The key does not exist (or is not the caller's to see).
     *
     * @param reason a reason code, as in a rejection ({@code HOLD_NOT_FOUND})
     * @param detail a sentence for humans
     */
    record NotFound<T>(String reason, String detail) implements Lookup<T> {}

    /** The store is not queryable here right now (starting, rebalancing, or the task is elsewhere). */
    record NotReady<T>(String why) implements Lookup<T> {}

    /** The store is queryable but has not yet applied the consistency token: worth retrying shortly. */
    record Behind<T>(String why) implements Lookup<T> {}
}
