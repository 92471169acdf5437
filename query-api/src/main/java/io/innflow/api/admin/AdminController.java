package io.innflow.api.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.innflow.api.catalog.Actors;
import io.innflow.api.http.ApiException;
import io.innflow.api.http.Ids;
import io.innflow.api.http.Principal;
import io.innflow.connectors.catalog.Actor;
import io.innflow.connectors.catalog.AuditLog;
import io.javalin.http.Context;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** The admin routes: pending hotels, approval, suspension and the audit log. */
public final class AdminController {

    static final int DEFAULT_LIMIT = 50;

    private final HotelModeration moderation;
    private final ObjectMapper json;

    public AdminController(HotelModeration moderation, ObjectMapper json) {
        this.moderation = moderation;
        this.json = json;
    }

    /** {@code GET /v1/admin/hotels?status=pending&limit=50&after=<cursor>}. */
    public void hotels(Context ctx) {
        Principal.admin(ctx);
        String status = ctx.queryParam("status") == null ? "pending" : ctx.queryParam("status");
        int limit = limit(ctx, 500);
        HotelModeration.HotelPage page = moderation.hotels(status, ctx.queryParam("after"), limit);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("hotels", page.hotels());
        body.put(
                "next",
                page.next() == null
                        ? null
                        : "/v1/admin/hotels?status=" + encode(status) + "&limit=" + limit + "&after=" + page.next());
        ctx.json(body);
    }

    /** {@code POST /v1/admin/hotels/{hotelId}/approve}, optional body {@code {"reason": "..."}}. */
    public void approve(Context ctx) throws IOException {
        Actor admin = Actors.admin(Principal.admin(ctx));
        ctx.json(moderation.approve(admin, Ids.require("hotelId", ctx.pathParam("hotelId")), reason(ctx)));
    }

    /** {@code POST /v1/admin/hotels/{hotelId}/suspend}, optional body {@code {"reason": "..."}}. */
    public void suspend(Context ctx) throws IOException {
        Actor admin = Actors.admin(Principal.admin(ctx));
        ctx.json(moderation.suspend(admin, Ids.require("hotelId", ctx.pathParam("hotelId")), reason(ctx)));
    }

    /** {@code GET /v1/admin/audit?hotelId=&actor=&action=&limit=50&before=<auditId>}, newest first. */
    public void audit(Context ctx) {
        Principal.admin(ctx);
        String hotelId = optionalId(ctx, "hotelId");
        String actor = ctx.queryParam("actor");
        if (actor != null && (actor.isBlank() || actor.length() > 64)) {
            throw ApiException.badRequest("actor is a partner or admin id of 1-64 characters");
        }
        String action = ctx.queryParam("action");
        if (action != null && !action.matches("[a-z-]{1,40}\\.[a-z-]{1,40}")) {
            throw ApiException.badRequest("action is like hotel.approve or nights.upload");
        }
        Long before = null;
        if (ctx.queryParam("before") != null) {
            try {
                before = Long.parseLong(ctx.queryParam("before"));
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("before is an auditId (a whole number)");
            }
        }
        int limit = limit(ctx, AuditLog.MAX_PAGE);
        AuditLog.Query query = new AuditLog.Query(hotelId, actor, action, before, limit);
        AuditLog.Page page = moderation.audit(query);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("entries", page.entries());
        if (page.nextBefore() == null) {
            body.put("next", null);
        } else {
            StringBuilder next = new StringBuilder("/v1/admin/audit?limit=").append(limit);
            if (hotelId != null) next.append("&hotelId=").append(encode(hotelId));
            if (actor != null) next.append("&actor=").append(encode(actor));
            if (action != null) next.append("&action=").append(encode(action));
            next.append("&before=").append(page.nextBefore());
            body.put("next", next.toString());
        }
        ctx.json(body);
    }

    private String reason(Context ctx) throws IOException {
        byte[] body = ctx.bodyAsBytes();
        if (body.length == 0) {
            return null;
        }
        JsonNode node = json.readTree(body);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw ApiException.badRequest("The body, when given, is {\"reason\": \"...\"}");
        }
        node.fieldNames().forEachRemaining(name -> {
            if (!"reason".equals(name)) {
                throw ApiException.badRequest("Unknown field " + name + "; the body is {\"reason\": \"...\"}");
            }
        });
        JsonNode reason = node.get("reason");
        if (reason == null || reason.isNull()) {
            return null;
        }
        if (!reason.isTextual() || reason.asText().length() > 500) {
            throw ApiException.badRequest("reason is a text of at most 500 characters");
        }
        return reason.asText();
    }

    private static String optionalId(Context ctx, String name) {
        String raw = ctx.queryParam(name);
        return raw == null ? null : Ids.require(name, raw);
    }

    private static int limit(Context ctx, int max) {
        String raw = ctx.queryParam("limit");
        if (raw == null) {
            return Math.min(DEFAULT_LIMIT, max);
        }
        try {
            int limit = Integer.parseInt(raw);
            if (limit < 1 || limit > max) {
                throw new NumberFormatException();
            }
            return limit;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("limit must be between 1 and " + max);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
