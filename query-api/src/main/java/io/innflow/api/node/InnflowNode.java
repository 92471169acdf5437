package io.innflow.api.node;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.innflow.api.cluster.ClusterAuth;
import io.innflow.api.cluster.FanOut;
import io.innflow.api.cluster.KeyedReads;
import io.innflow.api.cluster.Ownership;
import io.innflow.api.cluster.PeerClient;
import io.innflow.api.http.ErrorMapping;
import io.innflow.api.http.Json;
import io.innflow.api.http.OpenApi;
import io.innflow.api.inventory.InventoryController;
import io.innflow.api.inventory.InventoryQueries;
import io.innflow.api.ops.CatalogReadiness;
import io.innflow.api.ops.HealthController;
import io.innflow.api.query.LocalStores;
import io.innflow.api.reservation.BookingController;
import io.innflow.api.reservation.CommandService;
import io.innflow.api.reservation.HoldController;
import io.innflow.api.reservation.RequestController;
import io.innflow.api.reservation.ReservationFacade;
import io.innflow.api.reservation.ReservationQueries;
import io.innflow.api.search.LocalSearch;
import io.innflow.api.search.SearchController;
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
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
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
    private final PeerClient peers;
    private final ScheduledExecutorService readTimer;

    private InnflowNode(
            KafkaStreams streams,
            ReservationFacade facade,
            CatalogReadiness readiness,
            Javalin http,
            int port,
            PeerClient peers,
            ScheduledExecutorService readTimer) {
        this.streams = streams;
        this.facade = facade;
        this.readiness = readiness;
        this.http = http;
        this.port = port;
        this.peers = peers;
        this.readTimer = readTimer;
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
        int partitions = facade.commandPartitions();
        LocalStores stores = new LocalStores(streams);
        Ownership ownership = new Ownership(streams, self, partitions);
        PeerClient peers = new PeerClient(config.clusterSecret(), config.clusterTimeout());
        ScheduledExecutorService readTimer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "read-retry-" + config.nodeId());
            t.setDaemon(true);
            return t;
        });
        KeyedReads reads = new KeyedReads(
                ownership,
                peers,
                readTimer,
                config.nodeId(),
                topics.commands().name(),
                config.consistencyWait(),
                config.clusterTimeout());
        FanOut fanOut = new FanOut(ownership, peers, json, config.clusterTimeout());
        CommandService commands = new CommandService(facade);
        Optional<PartnerAdminRoutes> partnerAdmin = PartnerAdminRoutes.fromConfig(config, commands::submit, json);
        ReservationQueries reservations = new ReservationQueries(stores);
        HoldController holds = new HoldController(commands, reservations, reads, json);
        BookingController bookings = new BookingController(commands, reservations, reads, json);
        RequestController requests = new RequestController(reservations, reads);
        InventoryController inventory =
                new InventoryController(new InventoryQueries(stores), reads, fanOut, partitions);
        SearchController search = new SearchController(new LocalSearch(stores), fanOut, partitions);
        ClusterAuth clusterAuth = new ClusterAuth(config.clusterSecret());
        OpenApi openApi = new OpenApi();
        HealthController health = new HealthController(() -> streams.state().name(), readiness::loaded);
        Javalin http = Javalin.create(cfg -> {
            cfg.jsonMapper(new JavalinJackson(json, false));
            cfg.jetty.host = config.httpHost();
            cfg.jetty.port = port;
            cfg.startup.showJavalinBanner = false;
            cfg.http.prefer405over404 = true;
            ErrorMapping.install(cfg);
            cfg.routes.get("/health/live", health::live);
            cfg.routes.get("/health/ready", health::ready);
            cfg.routes.get("/openapi.json", openApi::serve);
            cfg.routes.get("/v1/search", search::search);
            cfg.routes.get("/v1/hotels", inventory::hotels);
            cfg.routes.get("/v1/hotels/{hotelId}", inventory::hotel);
            cfg.routes.get("/v1/hotels/{hotelId}/availability", inventory::availability);
            cfg.routes.post("/v1/hotels/{hotelId}/holds", holds::place);
            cfg.routes.get("/v1/hotels/{hotelId}/holds/{holdId}", holds::get);
            cfg.routes.delete("/v1/hotels/{hotelId}/holds/{holdId}", holds::release);
            cfg.routes.post("/v1/hotels/{hotelId}/bookings", bookings::create);
            cfg.routes.get("/v1/hotels/{hotelId}/bookings/{bookingId}", bookings::get);
            cfg.routes.delete("/v1/hotels/{hotelId}/bookings/{bookingId}", bookings::cancel);
            cfg.routes.get("/v1/hotels/{hotelId}/requests/{requestId}", requests::status);
            partnerAdmin.ifPresent(routes -> routes.install(cfg));
            // Internal endpoints: what nodes ask each other (forwarded reads, search legs), behind the
            // cluster credential; each answers only from this node's stores (see docs/architecture.md).
            cfg.routes.before(ClusterAuth.PREFIX + "/*", clusterAuth::check);
            cfg.routes.get(ClusterAuth.PREFIX + "/v1/search", search::leg);
            cfg.routes.get(ClusterAuth.PREFIX + "/v1/hotels", inventory::hotelsLeg);
            cfg.routes.get(ClusterAuth.PREFIX + "/v1/hotels/{hotelId}", inventory::hotel);
            cfg.routes.get(ClusterAuth.PREFIX + "/v1/hotels/{hotelId}/availability", inventory::availability);
            cfg.routes.get(ClusterAuth.PREFIX + "/v1/hotels/{hotelId}/holds/{holdId}", holds::get);
            cfg.routes.get(ClusterAuth.PREFIX + "/v1/hotels/{hotelId}/bookings/{bookingId}", bookings::get);
            cfg.routes.get(ClusterAuth.PREFIX + "/v1/hotels/{hotelId}/requests/{requestId}", requests::status);
        });
        http.start();
        LOG.info("Node {} serving on http://{}:{}", config.nodeId(), config.advertisedHost(), port);
        return new InnflowNode(streams, facade, readiness, http, port, peers, readTimer);
    }

    /** The port the HTTP server listens on. */
    public int port() {
        return port;
    }

    /** Every HTTP route this node serves, as {@code METHOD path} ({@code GET /v1/hotels/{hotelId}}). */
    public List<String> routes() {
        return http.unsafe.internalRouter.allHttpHandlers().stream()
                .filter(route -> route.endpoint.method.isHttpMethod())
                .map(route -> route.endpoint.method.name() + " " + route.endpoint.path)
                .toList();
    }

    /**
     * Stops answering HTTP while Kafka Streams keeps running: the node stays the owner of its hotels
     * and keeps processing, but other nodes cannot reach it (what a hung or cut-off HTTP port looks
     * like). For failure drills and tests; {@link #close()} stops the rest.
     */
    public void stopServingHttp() {
        http.stop();
    }

    /** How many HTTP requests wait for their command's result right now. */
    public int pendingRequests() {
        return facade.pending();
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
        peers.close();
        readTimer.shutdownNow();
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
