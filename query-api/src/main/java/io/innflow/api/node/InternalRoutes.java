package io.innflow.api.node;

import io.innflow.api.cluster.ClusterAuth;
import java.util.List;

/**
 * The endpoints nodes call on each other (forwarded reads, search legs): the forwardable public
 * routes, mirrored under {@value ClusterAuth#PREFIX} behind the cluster credential. Each answers only
 * from this node's stores (see docs/architecture.md), for the guest the forwarding node relays, under
 * the same access rule. Derived, never declared by hand.
 */
final class InternalRoutes {

    private InternalRoutes() {}

    /** The internal mirror of every forwardable route of {@code groups}. */
    static List<Route> mirrorsOf(List<RouteGroup> groups) {
        return groups.stream()
                .flatMap(group -> group.routes().stream())
                .filter(route -> route.internal() != null)
                .map(route -> new Route(
                        route.method(), ClusterAuth.PREFIX + route.path(), route.access(), route.internal(), null))
                .toList();
    }
}
