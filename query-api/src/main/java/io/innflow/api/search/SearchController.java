package io.innflow.api.search;

import io.innflow.api.cluster.FanOut;
import io.innflow.api.http.ApiException;
import io.innflow.api.http.LogContext;
import io.innflow.api.inventory.InventoryController;
import io.innflow.api.limits.ConcurrencyLimit;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/** {@code GET /v1/search} and its internal leg. */
public final class SearchController {

    private final LocalSearch local;
    private final FanOut fanOut;
    private final int partitions;
    private final ConcurrencyLimit inProgress;

    /** @param inProgress the bound on the searches this node coordinates at once */
    public SearchController(LocalSearch local, FanOut fanOut, int partitions, ConcurrencyLimit inProgress) {
        this.local = local;
        this.fanOut = fanOut;
        this.partitions = partitions;
        this.inProgress = inProgress;
    }

    /**
     * Asks every instance for its first {@code page * size} matches, merges them in the search's
     * order and cuts the page; says which partitions no instance answered for. Refused (503 {@code
     * overloaded}) when the node already coordinates as many searches as it runs at once.
     */
    public void search(Context ctx) {
        SearchQuery query = SearchQuery.of(ctx);
        ctx.future(() -> inProgress.run(() -> fanOut.gather(ctx, () -> local.search(query), SearchLeg.class)
                .thenAccept(LogContext.carried(gathered -> answer(ctx, query, gathered)))));
    }

    /** The page of the merged legs, or 503 when no instance answered for any partition. */
    private void answer(Context ctx, SearchQuery query, FanOut.Gathered<SearchLeg> gathered) {
        TreeSet<Integer> covered = new TreeSet<>();
        Map<String, SearchHit> hits = new LinkedHashMap<>();
        int total = 0;
        for (SearchLeg leg : gathered.legs()) {
            // During a rebalance two instances may both have answered for a partition: count it once.
            for (Map.Entry<Integer, Integer> partition : leg.matches().entrySet()) {
                if (covered.add(partition.getKey())) {
                    total += partition.getValue();
                }
            }
            leg.hits().forEach(h -> hits.putIfAbsent(h.hotelId(), h));
        }
        List<Integer> missing = InventoryController.missing(covered, partitions);
        if (missing.size() == partitions) {
            throw ApiException.unavailable("No instance can search right now");
        }
        List<SearchHit> sorted = new ArrayList<>(hits.values());
        sorted.sort(query.order());
        int from = Math.min(sorted.size(), (query.page() - 1) * query.size());
        int to = Math.min(sorted.size(), query.page() * query.size());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("city", query.city());
        body.put("checkIn", query.checkIn());
        body.put("checkOut", query.checkOut());
        body.put("guests", query.guests());
        body.put("rooms", query.rooms());
        body.put("sort", query.sort().label());
        filters(query, body);
        body.put("page", query.page());
        body.put("size", query.size());
        body.put("total", total);
        body.put("results", sorted.subList(from, to));
        body.put("partial", !missing.isEmpty());
        if (!missing.isEmpty()) {
            body.put("missingPartitions", missing);
            body.put("unreachableInstances", gathered.unreachable());
        }
        ctx.json(body);
    }

    /** Echoes the filters given, so a client sees what its page was cut by. */
    private static void filters(SearchQuery query, Map<String, Object> body) {
        if (query.minPrice() != null || query.maxPrice() != null) {
            body.put("minPrice", query.minPrice());
            body.put("maxPrice", query.maxPrice());
            body.put("priceBasis", query.priceBasis().name().toLowerCase(Locale.ROOT));
        }
        if (query.minStars() != null) {
            body.put("minStars", query.minStars());
        }
        if (!query.amenities().isEmpty()) {
            body.put("amenities", new TreeSet<>(query.amenities()));
        }
        if (query.freeCancellation()) {
            body.put("freeCancellation", true);
        }
        if (query.near() != null) {
            body.put("near", query.near());
        }
        if (query.radiusKm() != null) {
            body.put("radiusKm", query.radiusKm());
        }
    }

    /** Internal: this instance's part of a search. */
    public void leg(Context ctx) {
        ctx.json(local.search(SearchQuery.of(ctx)));
    }
}
