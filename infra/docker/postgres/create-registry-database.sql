-- Runs once, when the PostgreSQL volume is initialised: the schema registry keeps its schemas in a
-- database of its own, so the catalog's Flyway history never sees the registry's tables.
CREATE DATABASE registry;
