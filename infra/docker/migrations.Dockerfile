# syntax=docker/dockerfile:1
# The catalog's schema migrations, applied by Flyway's own image: the same SQL files and the same
# Flyway version (and so the same flyway_schema_history table) as CatalogMigrations in the embedded run.
# Build from the repository root:
#   docker build -f infra/docker/migrations.Dockerfile -t innflow/migrations .
# Run with FLYWAY_URL, FLYWAY_USER and FLYWAY_PASSWORD set; it exits when the schema is current.
FROM flyway/flyway:11.14.1
COPY connectors/src/main/resources/db/migration/ /flyway/sql/
ENV FLYWAY_LOCATIONS=filesystem:/flyway/sql \
    FLYWAY_CONNECT_RETRIES=30
CMD ["migrate"]
