package io.innflow.api.inventory;

/** The answer of an interactive query, which the handler maps to a status. */
public sealed interface Lookup<T> {

    /** Answered from a local store. */
    record Found<T>(T value) implements Lookup<T> {}

    /** The key does not exist. */
    record NotFound<T>(String what) implements Lookup<T> {}

    /** Another instance owns the key. */
    record Elsewhere<T>(String host, int port) implements Lookup<T> {}

    /** The store is not queryable right now (starting or rebalancing). */
    record NotReady<T>(String why) implements Lookup<T> {}
}
