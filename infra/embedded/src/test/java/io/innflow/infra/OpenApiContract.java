package io.innflow.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import io.innflow.api.http.OpenApi;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The HTTP API as {@code openapi.json} documents it, held against real responses: every response
 * {@link ApiClient} receives on a documented route must have a documented status, a documented media
 * type and a body valid against the documented schema. Each (method, path template, status) seen is
 * recorded, so the end of the run can tell which documented responses no test ever produced.
 */
final class OpenApiContract {

    /** The document's own IRI, so that refs inside response schemas resolve against the whole document. */
    private static final String DOCUMENT = "classpath:" + OpenApi.RESOURCE.substring(1);

    private static final OpenApiContract INSTANCE = load();

    private final JsonNode document;
    private final List<Operation> operations;
    private final SchemaRegistry schemas = SchemaRegistry.withDefaultDialect(Dialects.getOpenApi31());
    private final Map<String, Schema> compiled = new ConcurrentHashMap<>();
    private final Set<String> observed = ConcurrentHashMap.newKeySet();
    private final Set<Class<?>> suites = ConcurrentHashMap.newKeySet();

    /** One documented operation: {@code GET /v1/hotels/{hotelId}}. */
    record Operation(String method, String template, Pattern pattern, JsonNode responses) {
        String key(String status) {
            return method + " " + template + " " + status;
        }
    }

    private OpenApiContract(JsonNode document) {
        this.document = document;
        this.operations = new ArrayList<>();
        document.path("paths")
                .fields()
                .forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
                    if (!op.getKey().equals("parameters")) {
                        operations.add(new Operation(
                                op.getKey().toUpperCase(Locale.ROOT),
                                path.getKey(),
                                pattern(path.getKey()),
                                op.getValue().path("responses")));
                    }
                }));
    }

    static OpenApiContract get() {
        return INSTANCE;
    }

    private static OpenApiContract load() {
        try (InputStream in = OpenApi.class.getResourceAsStream(OpenApi.RESOURCE)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            // The document must parse cleanly before responses are held against it.
            ParseOptions options = new ParseOptions();
            options.setResolve(true);
            SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(text, null, options);
            if (parsed.getMessages() != null && !parsed.getMessages().isEmpty()) {
                throw new IllegalStateException("openapi.json does not validate: " + parsed.getMessages());
            }
            return new OpenApiContract(new ObjectMapper().readTree(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code /v1/hotels/{hotelId}} matches {@code /v1/hotels/bkk-001}, one segment per parameter. */
    private static Pattern pattern(String template) {
        StringBuilder regex = new StringBuilder();
        for (String part : template.split("(?=\\{)|(?<=\\})")) {
            regex.append(part.startsWith("{") ? "[^/]+" : Pattern.quote(part));
        }
        return Pattern.compile(regex.toString());
    }

    /** The documented operation a request path (query string removed) falls under, if any. */
    Optional<Operation> operation(String method, String path) {
        String bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        // A literal template wins over a templated one (/v1/hotels over /v1/hotels/{hotelId}).
        return operations.stream()
                .filter(op ->
                        op.method().equals(method) && op.pattern().matcher(bare).matches())
                .min((a, b) -> Long.compare(count(a.template()), count(b.template())));
    }

    private static long count(String template) {
        return template.chars().filter(c -> c == '{').count();
    }

    /**
     * Fails unless {@code status} is documented for the operation {@code method path} falls under, with
     * the response's media type, and the body validates against the documented schema. A path no
     * operation documents is left alone (ApiEndToEndIT checks that every served route is documented).
     */
    void check(String method, String path, int status, Optional<String> contentType, String body) {
        Optional<Operation> found = operation(method, path);
        if (found.isEmpty()) {
            return;
        }
        Operation op = found.get();
        String where = method + " " + op.template() + " -> " + status + " (" + path + "): " + body;
        JsonNode response = op.responses().path(Integer.toString(status));
        assertThat(response.isMissingNode())
                .as("status %d is not documented for %s %s in openapi.json: %s", status, method, op.template(), body)
                .isFalse();
        response = resolve(response);
        JsonNode content = response.path("content");
        if (content.isMissingNode() || content.isEmpty()) {
            observed.add(op.key(Integer.toString(status)));
            return;
        }
        String media = contentType.map(t -> t.split(";")[0].trim()).orElse("");
        assertThat(content.has(media))
                .as("media type '%s' is not documented for %s; documented: %s", media, where, content.fieldNames())
                .isTrue();
        if (content.path(media).has("schema") && media.endsWith("json")) {
            Schema schema = compiled.computeIfAbsent(
                    op.key(Integer.toString(status)) + " " + media,
                    key -> schemas.getSchema(absoluteRefs(content.path(media).path("schema"))));
            List<Error> errors = schema.validate(body, InputFormat.JSON);
            assertThat(errors)
                    .as("body of %s against its documented schema", where)
                    .isEmpty();
        }
        observed.add(op.key(Integer.toString(status)));
    }

    /** A response given as {@code {"$ref": "#/components/responses/X"}}, followed. */
    private JsonNode resolve(JsonNode node) {
        JsonNode current = node;
        while (current.has("$ref")) {
            current = document.at(current.path("$ref").asText().substring(1));
        }
        return current;
    }

    /** A copy of a schema whose local refs name this document, so it compiles on its own. */
    private static JsonNode absoluteRefs(JsonNode schema) {
        JsonNode copy = schema.deepCopy();
        rewrite(copy);
        return copy;
    }

    private static void rewrite(JsonNode node) {
        if (node instanceof ObjectNode object) {
            JsonNode ref = object.get("$ref");
            if (ref != null && ref.isTextual() && ref.asText().startsWith("#")) {
                object.put("$ref", DOCUMENT + ref.asText());
            }
        }
        for (Iterator<JsonNode> children = node.elements(); children.hasNext(); ) {
            rewrite(children.next());
        }
    }

    /** Every documented (method, template, status) of operations the filter keeps, never seen in this run. */
    Set<String> neverObserved(java.util.function.Predicate<Operation> filter) {
        Set<String> missing = new TreeSet<>();
        for (Operation op : operations) {
            if (filter.test(op)) {
                op.responses().fieldNames().forEachRemaining(status -> {
                    if (!observed.contains(op.key(status))) {
                        missing.add(op.key(status));
                    }
                });
            }
        }
        return missing;
    }

    /** Marks a class whose tests are meant to produce the documented responses. */
    void exercisedBy(Class<?> suite) {
        suites.add(suite);
    }

    boolean exercisedBy(Set<Class<?>> expected) {
        return suites.containsAll(expected);
    }
}
