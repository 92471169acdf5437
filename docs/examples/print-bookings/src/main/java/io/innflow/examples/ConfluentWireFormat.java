package io.innflow.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;

/**
 * Reads a record value in the Confluent wire format with nothing but Avro and HTTP: byte 0 is the
 * magic byte {@code 0}, bytes 1–4 the schema id (big-endian), the rest Avro binary written with
 * that schema. The schema is fetched once per id from the registry's Confluent-compatible API,
 * {@code GET <registry>/apis/ccompat/v7/schemas/ids/{id}}, which answers {@code {"schema": "<Avro
 * schema JSON>"}}.
 */
public final class ConfluentWireFormat {

    /** A decoded value: the schema id it named and the record, read with the schema it was written with. */
    public record Decoded(int schemaId, GenericRecord value) {}

    private static final byte MAGIC_BYTE = 0;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String registryUrl;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<Integer, Schema> schemas = new ConcurrentHashMap<>();

    /** @param registryUrl the registry's base URL, e.g. {@code http://127.0.0.1:8081} */
    public ConfluentWireFormat(String registryUrl) {
        this.registryUrl = registryUrl.endsWith("/") ? registryUrl.substring(0, registryUrl.length() - 1) : registryUrl;
    }

    /**
     * Decodes one value.
     *
     * @throws IllegalArgumentException if the bytes are not in the Confluent wire format
     */
    public Decoded decode(byte[] bytes) {
        if (bytes == null || bytes.length < 5 || bytes[0] != MAGIC_BYTE) {
            throw new IllegalArgumentException(
                    "not in the Confluent wire format (magic byte 0 and a 4-byte schema id)");
        }
        int schemaId = ByteBuffer.wrap(bytes, 1, 4).getInt();
        Schema schema = schema(schemaId);
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, 5, bytes.length - 5, null);
        try {
            GenericRecord value = new GenericDatumReader<GenericRecord>(schema).read(null, decoder);
            return new Decoded(schemaId, value);
        } catch (IOException e) {
            throw new IllegalArgumentException("Avro binary does not match schema " + schemaId + ": " + e, e);
        }
    }

    /** The writer schema registered under {@code id}, cached. */
    public Schema schema(int id) {
        return schemas.computeIfAbsent(id, this::fetch);
    }

    private Schema fetch(int id) {
        URI uri = URI.create(registryUrl + "/apis/ccompat/v7/schemas/ids/" + id);
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(uri)
                            .timeout(Duration.ofSeconds(10))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(
                        "GET " + uri + " answered " + response.statusCode() + ": " + response.body());
            }
            JsonNode body = JSON.readTree(response.body());
            return new Schema.Parser().parse(body.path("schema").asText());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot fetch schema " + id + " from " + uri, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while fetching schema " + id, e);
        }
    }
}
