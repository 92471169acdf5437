# syntax=docker/dockerfile:1
# The notifier: reads reservation-events as its own consumer group and emails guests through SMTP
# (io.innflow.notifier.Main; docs/notifications.md). Build from the repository root:
#   docker build -f infra/docker/notifier.Dockerfile -t innflow/notifier .

# Build stage: the Maven reactor packages infra/notifier and the modules it needs, then copies its
# runtime classpath. The versions below match the root pom.
FROM eclipse-temurin:17-jdk AS build
ARG LOGBACK_VERSION=1.5.38
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -ntp -Dspotless.apply.skip=true -DskipTests -pl infra/notifier -am \
        package dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory=/out/lib \
 && ./mvnw -B -ntp -N dependency:copy -Dartifact=ch.qos.logback:logback-classic:${LOGBACK_VERSION} -DoutputDirectory=/out/lib \
 && ./mvnw -B -ntp -N dependency:copy -Dartifact=ch.qos.logback:logback-core:${LOGBACK_VERSION} -DoutputDirectory=/out/lib \
 && cp infra/notifier/target/innflow-notifier-*.jar /out/lib/ \
 && rm -f /out/lib/*-tests.jar /out/lib/*-sources.jar

# Run stage: a JRE 17 and a non-root user; the notifier keeps no local state (PostgreSQL holds it).
FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 innflow \
 && useradd --system --uid 10001 --gid innflow --home-dir /opt/innflow --shell /usr/sbin/nologin innflow
COPY --from=build /out/lib/ /opt/innflow/lib/
# The same logging settings as the node (INNFLOW_LOG_FORMAT=json for one JSON object per line).
COPY infra/embedded/src/main/resources/logback.xml /opt/innflow/conf/logback.xml
COPY --chmod=0755 infra/docker/notifier-entrypoint.sh /opt/innflow/bin/innflow-notifier

# SERIALIZABLE_PACKAGES: Avro refuses to deserialise generated classes outside io.innflow otherwise.
ENV JAVA_OPTS="-XX:+UseContainerSupport -XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError -Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.innflow"

WORKDIR /opt/innflow
USER 10001:10001
ENTRYPOINT ["/opt/innflow/bin/innflow-notifier"]
