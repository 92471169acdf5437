package io.innflow.connectors.catalog;

import java.util.function.Function;

/**
 * One field of a change: {@link Keep} what is stored, or set it {@link To} a value (for a nullable
 * field, null clears it).
 */
public sealed interface Setting<T> permits Setting.Keep, Setting.To {

    /** The stored value stays. */
    record Keep<T>() implements Setting<T> {}

    /** The field becomes {@code value}. */
    record To<T>(T value) implements Setting<T> {}

    static <T> Setting<T> keep() {
        return new Keep<>();
    }

    static <T> Setting<T> to(T value) {
        return new To<>(value);
    }

    default boolean isSet() {
        return this instanceof To;
    }

    /** The same setting with its value (if set and not null) converted by {@code f}. */
    default <U> Setting<U> map(Function<T, U> f) {
        if (this instanceof To<T> to) {
            return new To<>(to.value() == null ? null : f.apply(to.value()));
        }
        return new Keep<>();
    }

    /** The new value, or {@code current} when the field is kept. */
    default T or(T current) {
        return this instanceof To<T> to ? to.value() : current;
    }
}
