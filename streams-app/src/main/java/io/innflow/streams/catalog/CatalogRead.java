package io.innflow.streams.catalog;

import io.innflow.schemas.catalog.CatalogChange;

/** What reading a catalog record gives: a change for the hotel's task, or a record for {@code catalog-dlq}. */
public sealed interface CatalogRead {

    /** A change (or an unreadable row's block) for the hotel's task, keyed by hotel. */
    record Change(CatalogChange change) implements CatalogRead {}

    /** The record as it was, for the dead-letter topic; the error is in the record's headers. */
    record DeadLetter(byte[] key, byte[] value) implements CatalogRead {}
}
