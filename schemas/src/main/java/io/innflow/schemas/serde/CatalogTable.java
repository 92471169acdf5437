package io.innflow.schemas.serde;

/** The catalog tables Debezium streams from PostgreSQL. */
public enum CatalogTable {
    HOTELS("hotels"),
    ROOM_TYPES("room_types"),
    ROOM_NIGHTS("room_nights");

    private final String tableName;

    CatalogTable(String tableName) {
        this.tableName = tableName;
    }

    public String tableName() {
        return tableName;
    }
}
