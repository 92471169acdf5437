# syntax=docker/dockerfile:1
# Kafka Connect (distributed mode) with innflow's plugins: Debezium's PostgreSQL source and the Apicurio
# Avro converter and JDBC sink folders that infra/connect-plugins assembles. Build from the repository root:
#   docker build -f infra/docker/connect.Dockerfile -t innflow/connect .

# Build stage: the converter folder from the Maven reactor, and Debezium's plugin archive from Maven
# Central. The versions match the root pom (a test checks them).
FROM eclipse-temurin:17-jdk AS build
ARG DEBEZIUM_VERSION=3.6.3.Final
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -ntp -Dspotless.apply.skip=true -DskipTests -pl infra/connect-plugins,infra/connect-plugins/jdbc-sink -am package \
 && mkdir -p /out/plugins \
 && cp -r infra/connect-plugins/target/plugins/. /out/plugins/ \
 && ./mvnw -B -ntp -N dependency:copy \
        -Dartifact=io.debezium:debezium-connector-postgres:${DEBEZIUM_VERSION}:tar.gz:plugin -DoutputDirectory=/tmp/debezium \
 && tar -xzf /tmp/debezium/debezium-connector-postgres-${DEBEZIUM_VERSION}-plugin.tar.gz -C /out/plugins

# Run stage: Apache Kafka's own image, the same Kafka version as the application.
FROM apache/kafka:4.3.1
USER root
# curl and jq: the health check and the connector registration (register-connectors.sh) use them.
RUN apk add --no-cache curl jq
COPY --from=build /out/plugins/ /opt/kafka/plugins/
COPY --chmod=0755 infra/docker/connect-entrypoint.sh /opt/kafka/bin/innflow-connect
COPY --chmod=0755 infra/docker/register-connectors.sh /opt/kafka/bin/register-connectors
COPY connectors/ /opt/innflow/connectors/
RUN mkdir -p /opt/kafka/config/innflow && chown -R appuser:appuser /opt/kafka/config/innflow
USER appuser
ENV CONNECT_PLUGIN_PATH=/opt/kafka/plugins \
    CONNECT_LISTENERS=http://0.0.0.0:8083
EXPOSE 8083
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
    CMD curl -fsS http://127.0.0.1:8083/connectors > /dev/null || exit 1
ENTRYPOINT ["/opt/kafka/bin/innflow-connect"]
