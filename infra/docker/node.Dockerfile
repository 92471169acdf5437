# syntax=docker/dockerfile:1
# The innflow node: Kafka Streams and the HTTP API in one JVM, started against existing Kafka, registry
# and PostgreSQL (io.innflow.api.node.Main). Build from the repository root:
#   docker build -f infra/docker/node.Dockerfile -t innflow/node .

# Build stage: the Maven reactor packages query-api and the modules it needs, then copies its runtime
# classpath. The versions below match the root pom (a test checks them).
FROM eclipse-temurin:17-jdk AS build
ARG LOGBACK_VERSION=1.5.38
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -ntp -Dspotless.apply.skip=true -DskipTests -pl query-api -am \
        package dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory=/out/lib \
 && ./mvnw -B -ntp -N dependency:copy -Dartifact=ch.qos.logback:logback-classic:${LOGBACK_VERSION} -DoutputDirectory=/out/lib \
 && ./mvnw -B -ntp -N dependency:copy -Dartifact=ch.qos.logback:logback-core:${LOGBACK_VERSION} -DoutputDirectory=/out/lib \
 && cp query-api/target/innflow-query-api-*.jar /out/lib/ \
 && rm -f /out/lib/*-tests.jar /out/lib/*-sources.jar

# Run stage: a JRE 17, a non-root user, the state directory as a volume.
FROM eclipse-temurin:17-jre
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 innflow \
 && useradd --system --uid 10001 --gid innflow --home-dir /opt/innflow --shell /usr/sbin/nologin innflow \
 && mkdir -p /var/lib/innflow/streams \
 && chown -R 10001:10001 /var/lib/innflow
COPY --from=build /out/lib/ /opt/innflow/lib/
# The same logging settings as the embedded run (INNFLOW_LOG_FORMAT=json for one JSON object per line).
COPY infra/embedded/src/main/resources/logback.xml /opt/innflow/conf/logback.xml
COPY --chmod=0755 infra/docker/node-entrypoint.sh /opt/innflow/bin/innflow-node

# The heap takes half the container's memory: RocksDB (state stores) lives off-heap in the other half.
# SERIALIZABLE_PACKAGES: Avro refuses to deserialise generated classes outside io.innflow otherwise.
ENV JAVA_OPTS="-XX:+UseContainerSupport -XX:MaxRAMPercentage=50 -XX:InitialRAMPercentage=50 -XX:+ExitOnOutOfMemoryError -Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.innflow" \
    INNFLOW_STATE_DIR=/var/lib/innflow/streams \
    INNFLOW_HTTP_HOST=0.0.0.0 \
    INNFLOW_HTTP_PORT=8080

# RocksDB state stores and the Streams checkpoint files: keep them across restarts, or a node restores
# every store from its changelog before it is ready again.
VOLUME /var/lib/innflow/streams
WORKDIR /opt/innflow
USER 10001:10001
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=180s --retries=3 \
    CMD curl -fsS "http://127.0.0.1:${INNFLOW_HTTP_PORT}/health/ready" > /dev/null || exit 1
ENTRYPOINT ["/opt/innflow/bin/innflow-node"]
