package io.innflow.api.node;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.innflow.api.http.ErrorMapping;
import io.innflow.api.http.Json;
import io.innflow.api.inventory.InventoryController;
import io.innflow.api.inventory.InventoryQueries;
import io.innflow.api.ops.CatalogReadiness;
import io.innflow.api.ops.HealthController;
import io.innflow.api.reservation.CommandService;
import io.innflow.api.reservation.HoldController;
import io.innflow.api.reservation.ReservationFacade;
import io.innflow.schemas.serde.SerdeFactory;
import io.innflow.schemas.topics.Topics;
import io.innflow.streams.config.InnflowConfig;
import io.innflow.streams.lifecycle.StreamsSettings;
import io.innflow.streams.lifecycle.TopicSetup;
import io.innflow.streams.topology.InnflowTopology;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One innflow node: a Kafka Streams instance and the HTTP server that serves from its stores. */
public final class InnflowNode implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(InnflowNode.class);

    private final KafkaStreams streams;
    private final ReservationFacade facade;
    private final CatalogReadiness readiness;
    private final Javalin http;
    private final int port;

    private InnflowNode(
            KafkaStreams streams, ReservationFacade facade, CatalogReadiness readiness, Javalin http, int port) {
        this.streams = streams;
        this.facade = facade;
        this.readiness = readiness;
        this.http = http;
        this.port = port;
    }

    /** Creates the topics if needed, starts Kafka Streams and the HTTP server. */
    public static InnflowNode start(InnflowConfig config, SerdeFactory serdes) {
        Topics topics = Topics.create(serdes);
        TopicSetup.ensureTopics(config.bootstrapServers(), topics, config.partitions(), config.replicationFactor());
        int port = config.httpPort() == 0 ? freePort() : config.httpPort();
        HostInfo self = new HostInfo(config.advertisedHost(), port);

        KafkaStreams streams = new KafkaStreams(
                InnflowTopology.build(topics, config),
                StreamsSettings.forNode(config, topics, config.applicationServer(port)));
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("Stream thread failed; replacing it", e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        CatalogReadiness readiness = new CatalogReadiness(config.bootstrapServers(), config.applicationId(), topics);
        streams.start();
        ReservationFacade facade = new ReservationFacade(
                config.bootstrapServers(),
                config.nodeId(),
                topics,
                config.requestTimeout(),
                config.maxPendingRequests());

        ObjectMapper json = Json.mapper();
        HoldController holds = new HoldController(new CommandService(facade), json);
        InventoryController inventory = new InventoryController(new InventoryQueries(streams, self));
        HealthController health = new HealthController(() -> streams.state().name(), readiness::loaded);
        Javalin http = Javalin.create(cfg -> {
            cfg.jsonMapper(new JavalinJackson(json, false));
            cfg.jetty.host = config.httpHost();
            cfg.jetty.port = port;
            cfg.startup.showJavalinBanner = false;
            ErrorMapping.install(cfg);
            cfg.routes.get("/health/live", health::live);
            cfg.routes.get("/health/ready", health::ready);
            cfg.routes.get("/v1/hotels", inventory::hotels);
            cfg.routes.get("/v1/hotels/{hotelId}/availability", inventory::availability);
            cfg.routes.post("/v1/hotels/{hotelId}/holds", holds::place);
        });
        http.start();
        LOG.info("Node {} serving on http://{}:{}", config.nodeId(), config.advertisedHost(), port);
        return new InnflowNode(streams, facade, readiness, http, port);
    }

    /** The port the HTTP server listens on. */
    public int port() {
        return port;
    }

    /** The Kafka Streams state (RUNNING once tasks are assigned and restored). */
    public KafkaStreams.State state() {
        return streams.state();
    }

    /** True once Kafka Streams is RUNNING and the catalog has been loaded. */
    public boolean ready() {
        return streams.state() == KafkaStreams.State.RUNNING && readiness.loaded();
    }

    @Override
    public void close() {
        http.stop();
        facade.close();
        // Leave the group, so a restarted or remaining node takes the hotels over at once.
        streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(Duration.ofSeconds(30)));
        readiness.close();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("No free port", e);
        }
    }
}
