package io.innflow.api.node;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.innflow.api.auth.Authenticator;
import io.innflow.api.cluster.ClusterAuth;
import io.innflow.api.cluster.FanOut;
import io.innflow.api.cluster.KeyedReads;
import io.innflow.api.cluster.Ownership;
import io.innflow.api.cluster.PeerClient;
import io.innflow.api.guest.GuestReservations;
import io.innflow.api.guest.MyReservationsController;
import io.innflow.api.http.Json;
import io.innflow.api.http.OpenApi;
import io.innflow.api.http.Principal;
import io.innflow.api.inventory.InventoryController;
import io.innflow.api.inventory.InventoryQueries;
import io.innflow.api.limits.ConcurrencyLimit;
import io.innflow.api.limits.RateLimiter;
import io.innflow.api.ops.HealthController;
import io.innflow.api.ops.InvariantCheck;
import io.innflow.api.ops.NodeMetrics;
import io.innflow.api.ops.OpsController;
import io.innflow.api.ops.OpsMonitor;
import io.innflow.api.ops.OpsServer;
import io.innflow.api.partner.BookingListReads;
import io.innflow.api.partner.BookingLists;
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
import io.innflow.streams.config.NodeSettings;
import io.innflow.streams.lifecycle.StreamsRuntime;
import io.javalin.Javalin;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One innflow node: a Kafka Streams runtime and the HTTP server that serves from its stores.
 *
 * <p>Long because it is the composition root: it only wires the parts (routes, runtime, ops) together.
 */
public final class InnflowNode implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(InnflowNode.class);

    private final StreamsRuntime runtime;
    private final ReservationFacade facade;
    private final Javalin http;
    private final int port;
    private final PeerClient peers;
    private final ScheduledExecutorService readTimer;
    private final Operations ops;

    private InnflowNode(
            StreamsRuntime runtime,
            ReservationFacade facade,
            Javalin http,
            int port,
            PeerClient peers,
            ScheduledExecutorService readTimer,
            Operations ops) {
        this.runtime = runtime;
        this.facade = facade;
        this.http = http;
        this.port = port;
        this.peers = peers;
        this.readTimer = readTimer;
        this.ops = ops;
    }

    /** What operators reach: metrics, the monitors and the management server, closed with the node. */
    private record Operations(
            NodeMetrics metrics,
            List<AutoCloseable> binders,
            OpsMonitor monitor,
            InvariantCheck invariant,
            Javalin server)
            implements AutoCloseable {

        @Override
        public void close() {
            server.stop();
            invariant.close();
            monitor.close();
            for (AutoCloseable binder : binders) {
                try {
                    binder.close();
                } catch (Exception e) {
                    LOG.debug("Closing client metrics failed: {}", e.toString());
                }
            }
            metrics.close();
        }
    }

    /** Creates the topics if needed, starts Kafka Streams and the HTTP server. */
    public static InnflowNode start(InnflowConfig config, SerdeFactory serdes) {
        NodeSettings node = config.node();
        Topics topics = Topics.create(serdes);
        int port = node.httpPort() == 0 ? freePort() : node.httpPort();
        NodeMetrics metrics = new NodeMetrics(node.nodeId());
        StreamsRuntime runtime = StreamsRuntime.start(config, topics, node.applicationServer(port), metrics);
        metrics.bindStreams(runtime.streams());
        ReservationFacade facade = new ReservationFacade(
                config.kafkaClients(),
                new ReservationFacade.Tuning(node.facadeLingerMs(), node.facadeFetchMaxWaitMs()),
                node.bootstrapServers(),
                node.nodeId(),
                topics,
                node.requestTimeout(),
                node.maxPendingRequests());
        List<AutoCloseable> clientMetrics = facade.bindMetrics(metrics.registry());
        OpsMonitor monitor = new OpsMonitor(
                        node.nodeId(),
                        node.bootstrapServers(),
                        node.applicationId(),
                        config.ops().lagGroups(),
                        topics.commandsDeadLetters().name(),
                        runtime.streams(),
                        new OpsMonitor.ReplyReading() {
                            @Override
                            public TopicPartition partition() {
                                return facade.replyPartition();
                            }

                            @Override
                            public long position() {
                                return facade.readerPosition();
                            }
                        },
                        node.postgresJdbcUrl().isBlank()
                                ? Optional.empty()
                                : Optional.of(new OpsMonitor.CatalogDatabase(
                                        node.postgresJdbcUrl(), node.postgresUser(), node.postgresPassword())),
                        metrics.registry())
                .start(config.ops().refresh());
        InvariantCheck invariant = new InvariantCheck(
                        node.nodeId(), runtime.streams(), metrics::overbookingWasReported, metrics.registry())
                .start(config.ops().invariantInterval());
        HealthController health = new HealthController(
                () -> runtime.state().name(), runtime::catalogLoaded, facade::readerRunning, () -> monitor.last()
                        .brokerReachable());
        PeerClient peers = new PeerClient(node.clusterSecret(), node.clusterTimeout());
        ScheduledExecutorService readTimer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "read-retry-" + node.nodeId());
            t.setDaemon(true);
            return t;
        });
        ObjectMapper json = Json.mapper();
        ConcurrencyLimit searches =
                new ConcurrencyLimit("searches", config.limits().maxSearches());
        metrics.bindSearchesInProgress(searches::inProgress);
        List<RouteGroup> groups = routeGroups(
                node,
                topics,
                runtime,
                facade,
                peers,
                readTimer,
                new HostInfo(node.advertisedHost(), port),
                json,
                health,
                searches);
        RateLimiter limiter = new RateLimiter(config.limits(), Principal::subjectOf);
        Javalin http = NodeHttp.create(
                node.httpHost(),
                port,
                json,
                new ClusterAuth(node.clusterSecret()),
                Authenticator.of(config.auth()),
                limiter,
                groups,
                metrics::recordHttp,
                config.limits().maxConnections());
        http.start();
        LOG.info("Node {} serving on http://{}:{}", node.nodeId(), node.advertisedHost(), port);
        OpsController opsPages = new OpsController(
                node.nodeId(),
                topics.commands().name(),
                metrics,
                monitor,
                invariant,
                health,
                runtime.streams(),
                facade::pending);
        Javalin opsServer = OpsServer.start(config.ops().host(), config.ops().port(), json, metrics, opsPages, health);
        LOG.info(
                "Node {} management on http://{}:{}/ops",
                node.nodeId(),
                config.ops().host(),
                opsServer.port());
        return new InnflowNode(
                runtime,
                facade,
                http,
                port,
                peers,
                readTimer,
                new Operations(metrics, clientMetrics, monitor, invariant, opsServer));
    }

    /** The controllers over the runtime's stores and the facade, grouped by who calls them. */
    private static List<RouteGroup> routeGroups(
            NodeSettings node,
            Topics topics,
            StreamsRuntime runtime,
            ReservationFacade facade,
            PeerClient peers,
            ScheduledExecutorService readTimer,
            HostInfo self,
            ObjectMapper json,
            HealthController health,
            ConcurrencyLimit searches) {
        int partitions = facade.commandPartitions();
        LocalStores stores = new LocalStores(runtime.streams(), runtime.runningStores());
        Ownership ownership = new Ownership(runtime.streams(), self, partitions);
        KeyedReads reads = new KeyedReads(
                ownership,
                peers,
                readTimer,
                node.nodeId(),
                topics.commands().name(),
                node.consistencyWait(),
                node.clusterTimeout());
        FanOut fanOut = new FanOut(ownership, peers, json, node.clusterTimeout());
        CommandService commands = new CommandService(facade);
        ReservationQueries reservations = new ReservationQueries(stores);
        HoldController holds = new HoldController(commands, reservations, reads, json);
        BookingController bookings = new BookingController(commands, reservations, reads, json);
        List<RouteGroup> groups = new ArrayList<>(List.of(
                NodeRoutes.ops(health, new OpenApi()),
                NodeRoutes.publicReads(
                        new SearchController(new LocalSearch(stores), fanOut, partitions, searches),
                        new InventoryController(new InventoryQueries(stores), reads, fanOut, partitions),
                        holds,
                        bookings,
                        new RequestController(reservations, reads)),
                NodeRoutes.guestWrites(holds, bookings),
                NodeRoutes.guestView(
                        new MyReservationsController(new GuestReservations(stores), reads, Clock.systemUTC()))));
        BookingLists lists = new BookingLists(stores);
        BookingListReads listReads = (ctx, hotelId, query, after, limit) ->
                reads.read(ctx, hotelId, scope -> lists.page(scope, hotelId, query, after, limit));
        PartnerAdminRoutes.fromConfig(node, commands::submit, listReads, json).ifPresent(groups::add);
        return groups;
    }

    /** The port the HTTP server listens on. */
    public int port() {
        return port;
    }

    /** Every HTTP route this node serves, as {@code METHOD path} ({@code GET /v1/hotels/{hotelId}}). */
    public List<String> routes() {
        return NodeHttp.routes(http);
    }

    /**
     * Stops answering HTTP while Kafka Streams keeps running: the node stays the owner of its hotels
     * and keeps processing, but other nodes cannot reach it (what a hung or cut-off HTTP port looks
     * like). For failure drills and tests; {@link #close()} stops the rest.
     */
    public void stopServingHttp() {
        http.stop();
    }

    /** The management server's port ({@code /metrics}, {@code /ops}). */
    public int opsPort() {
        return ops.server().port();
    }

    /** Whether the facade's reader of command results runs. */
    public boolean resultReaderRunning() {
        return facade.readerRunning();
    }

    /** Pauses Kafka Streams' processing, tasks kept (a drill: lag grows, writes answer 202); see {@link #resumeProcessing()}. */
    public void pauseProcessing() {
        runtime.pause();
    }

    /** Resumes processing after {@link #pauseProcessing()}. */
    public void resumeProcessing() {
        runtime.resume();
    }

    /** How many HTTP requests wait for their command's result right now. */
    public int pendingRequests() {
        return facade.pending();
    }

    /** The Kafka Streams state (RUNNING once tasks are assigned and restored). */
    public KafkaStreams.State state() {
        return runtime.state();
    }

    /** True once Kafka Streams is RUNNING and the catalog has been loaded. */
    public boolean ready() {
        return runtime.ready();
    }

    @Override
    public void close() {
        http.stop();
        ops.close();
        peers.close();
        readTimer.shutdownNow();
        facade.close();
        runtime.close();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("No free port", e);
        }
    }
}
