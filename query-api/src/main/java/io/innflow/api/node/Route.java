package io.innflow.api.node;

import io.innflow.api.http.Access;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.util.Objects;

/**
 * One HTTP route and who may call it. A read another node may forward here is declared forwardable:
 * the server then also serves it under {@code /internal} (see {@link InternalRoutes}), with the same
 * handler or with its own (a search leg answers only for this node).
 *
 * @param access who may call it, checked by the server before the handler runs
 * @param internal the handler of its internal mirror; null when it has none
 */
public record Route(HandlerType method, String path, Access access, Handler handler, Handler internal) {

    public Route {
        Objects.requireNonNull(access, "every route declares who may call it");
    }

    public static Route get(String path, Access access, Handler handler) {
        return new Route(HandlerType.GET, path, access, handler, null);
    }

    public static Route post(String path, Access access, Handler handler) {
        return new Route(HandlerType.POST, path, access, handler, null);
    }

    public static Route put(String path, Access access, Handler handler) {
        return new Route(HandlerType.PUT, path, access, handler, null);
    }

    public static Route patch(String path, Access access, Handler handler) {
        return new Route(HandlerType.PATCH, path, access, handler, null);
    }

    public static Route delete(String path, Access access, Handler handler) {
        return new Route(HandlerType.DELETE, path, access, handler, null);
    }

    /** This route, also served to other nodes under {@code /internal} by the same handler. */
    public Route forwardable() {
        return forwardableAs(handler);
    }

    /** This route, also served to other nodes under {@code /internal} by {@code internalHandler}. */
    public Route forwardableAs(Handler internalHandler) {
        return new Route(method, path, access, handler, internalHandler);
    }
}
