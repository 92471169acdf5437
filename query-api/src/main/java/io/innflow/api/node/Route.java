package io.innflow.api.node;

import io.javalin.http.Handler;
import io.javalin.http.HandlerType;

/**
 * One HTTP route. A read another node may forward here is declared forwardable: the server then also
 * serves it under {@code /internal} (see {@link InternalRoutes}), with the same handler or with its
 * own (a search leg answers only for this node).
 *
 * @param internal the handler of its internal mirror; null when it has none
 */
public record Route(HandlerType method, String path, Handler handler, Handler internal) {

    public static Route get(String path, Handler handler) {
        return new Route(HandlerType.GET, path, handler, null);
    }

    public static Route post(String path, Handler handler) {
        return new Route(HandlerType.POST, path, handler, null);
    }

    public static Route put(String path, Handler handler) {
        return new Route(HandlerType.PUT, path, handler, null);
    }

    public static Route delete(String path, Handler handler) {
        return new Route(HandlerType.DELETE, path, handler, null);
    }

    /** This route, also served to other nodes under {@code /internal} by the same handler. */
    public Route forwardable() {
        return forwardableAs(handler);
    }

    /** This route, also served to other nodes under {@code /internal} by {@code internalHandler}. */
    public Route forwardableAs(Handler internalHandler) {
        return new Route(method, path, handler, internalHandler);
    }
}
