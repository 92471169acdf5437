package io.innflow.api.node;

import io.javalin.config.JavalinConfig;
import java.util.List;

/** Routes that belong together (public reads, guest writes, ops, partner and admin). */
public interface RouteGroup {

    List<Route> routes();

    /** What else the group needs from the server, such as closing its resources when it stops. */
    default void configure(JavalinConfig cfg) {}
}
