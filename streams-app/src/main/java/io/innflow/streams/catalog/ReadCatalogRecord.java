package io.innflow.streams.catalog;

import io.innflow.schemas.catalog.CatalogChange;
import io.innflow.schemas.catalog.HotelInfo;
import io.innflow.schemas.catalog.RoomNightRow;
import io.innflow.schemas.catalog.RoomTypeInfo;
import io.innflow.schemas.catalog.UnreadableCatalogRow;
import io.innflow.schemas.serde.CatalogTable;
import io.innflow.schemas.serde.RowDecoder;
import io.innflow.streams.lifecycle.CommitWhenIdle;
import io.innflow.streams.lifecycle.InputErrors;
import io.innflow.streams.metrics.DomainCounters;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.internals.ExceptionHandlerUtils;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one record of a Debezium catalog topic and keys it by hotel. A change that was read goes on to
 * the hotel's task. One whose value cannot be read goes to {@code catalog-dlq} as it was, with Kafka
 * Streams' error headers, and:
 *
 * <ul>
 *   <li>if its key names the row (Debezium keys carry the primary key), an {@link UnreadableCatalogRow}
 *       goes on to the hotel's task, which refuses the new sales the lost change could have altered;
 *   <li>if not, nothing can be blocked: the record is logged as an alarm and processing goes on.
 * </ul>
 *
 * A key the registry cannot be asked about now (unreachable) throws, so the thread fails and the
 * record is read again, as for a value. Everything happens in the task's transaction.
 */
public final class ReadCatalogRecord implements Processor<byte[], CatalogInput, String, CatalogRead> {

    private static final Logger LOG = LoggerFactory.getLogger(ReadCatalogRecord.class);

    private final CatalogTable table;
    private final RowDecoder keys;
    private final DomainCounters counters;
    private final Duration commitWhenIdle;
    private ProcessorContext<String, CatalogRead> context;
    private CommitWhenIdle idleCommit;

    /**
     * @param commitWhenIdle how long the stream thread may find nothing to do before it commits: the
     *     hotel's task reads a re-keyed change only once the transaction that wrote it has committed
     */
    public ReadCatalogRecord(CatalogTable table, RowDecoder keys, DomainCounters counters, Duration commitWhenIdle) {
        this.table = table;
        this.keys = keys;
        this.counters = counters;
        this.commitWhenIdle = commitWhenIdle;
    }

    @Override
    public void init(ProcessorContext<String, CatalogRead> context) {
        this.context = context;
        idleCommit = CommitWhenIdle.on(context, commitWhenIdle);
    }

    @Override
    public void process(Record<byte[], CatalogInput> record) {
        idleCommit.processed();
        CatalogInput input = record.value();
        if (input instanceof CatalogInput.Readable readable) {
            CatalogChange change = readable.change();
            context.forward(record.withKey(hotelIdOf(change)).withValue(new CatalogRead.Change(change)));
        } else if (input instanceof CatalogInput.Unreadable unreadable) {
            unreadable(record, unreadable);
        }
        // null: a tombstone, which follows the delete Debezium already sent as a row with __deleted=true
    }

    private void unreadable(Record<byte[], CatalogInput> record, CatalogInput.Unreadable unreadable) {
        String at = context.recordMetadata()
                .map(m -> m.topic() + "-" + m.partition() + "@" + m.offset())
                .orElse("?");
        Map<String, Object> key = key(record.key());
        UnreadableCatalogRow row = key == null ? null : row(key, at, unreadable.error());
        context.forward(record.<String>withKey(null)
                .withValue(new CatalogRead.DeadLetter(record.key(), unreadable.value()))
                .withHeaders(deadLetterHeaders(record.headers(), unreadable.error())));
        counters.catalogDeadLettered(row != null);
        if (row == null) {
            LOG.error(
                    "Catalog record {} can be read neither as a change nor as a row's key: dead-lettered to catalog-dlq,"
                            + " nothing can be blocked for it; find what wrote it (see docs/reliability.md): {}",
                    at,
                    unreadable.error().toString());
            return;
        }
        LOG.error(
                "Catalog change {} cannot be read: dead-lettered to catalog-dlq; new sales of {} are refused until"
                        + " the row is changed again in PostgreSQL (see docs/reliability.md): {}",
                at,
                CatalogBlocks.scope(row),
                unreadable.error().toString());
        CatalogChange block = CatalogChange.newBuilder()
                .setDeleted(false)
                .setRow(row)
                .setCommittedAt(null)
                .build();
        context.forward(record.withKey(row.getHotelId()).withValue(new CatalogRead.Change(block)));
    }

    /** The row's key columns, or null when the key is not one of this table's keys. */
    private Map<String, Object> key(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        Map<String, Object> columns;
        try {
            columns = keys.decode(
                    context.recordMetadata().map(RecordMetadata::topic).orElse(""), bytes);
        } catch (RuntimeException e) {
            if (InputErrors.isTransient(e)) {
                throw e;
            }
            return null;
        }
        boolean complete =
                switch (table) {
                    case HOTELS -> columns.get("hotel_id") instanceof String;
                    case ROOM_TYPES ->
                        columns.get("hotel_id") instanceof String && columns.get("room_type_id") instanceof String;
                    case ROOM_NIGHTS ->
                        columns.get("hotel_id") instanceof String
                                && columns.get("room_type_id") instanceof String
                                && columns.get("night") instanceof Number;
                };
        return complete ? columns : null;
    }

    private UnreadableCatalogRow row(Map<String, Object> key, String at, Exception error) {
        return UnreadableCatalogRow.newBuilder()
                .setTable(table.tableName())
                .setHotelId((String) key.get("hotel_id"))
                .setRoomTypeId(table == CatalogTable.HOTELS ? null : (String) key.get("room_type_id"))
                .setNight(
                        table == CatalogTable.ROOM_NIGHTS
                                ? LocalDate.ofEpochDay(((Number) key.get("night")).longValue())
                                : null)
                .setSource(at)
                .setReason(reason(error))
                .setSeenAt(Instant.ofEpochMilli(context.currentSystemTimeMs()))
                .build();
    }

    /** The exception's class and message, bounded: catalog rows carry no personal data. */
    private static String reason(Exception error) {
        String text = error.toString();
        return text.length() > 500 ? text.substring(0, 500) : text;
    }

    /** The source's headers and Kafka Streams' own error headers, as its dead-letter records carry them. */
    private Headers deadLetterHeaders(Headers source, Exception error) {
        Headers headers = new RecordHeaders(source.toArray());
        context.recordMetadata().ifPresent(m -> {
            headers.add(ExceptionHandlerUtils.HEADER_ERRORS_TOPIC_NAME, bytes(m.topic()));
            headers.add(ExceptionHandlerUtils.HEADER_ERRORS_PARTITION_NAME, bytes(Integer.toString(m.partition())));
            headers.add(ExceptionHandlerUtils.HEADER_ERRORS_OFFSET_NAME, bytes(Long.toString(m.offset())));
        });
        headers.add(
                ExceptionHandlerUtils.HEADER_ERRORS_EXCEPTION_NAME,
                bytes(error.getClass().getName()));
        headers.add(
                ExceptionHandlerUtils.HEADER_ERRORS_EXCEPTION_MESSAGE_NAME, bytes(String.valueOf(error.getMessage())));
        StringWriter trace = new StringWriter();
        error.printStackTrace(new PrintWriter(trace));
        headers.add(ExceptionHandlerUtils.HEADER_ERRORS_STACKTRACE_NAME, bytes(trace.toString()));
        return headers;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static String hotelIdOf(CatalogChange change) {
        Object row = change.getRow();
        if (row instanceof HotelInfo hotel) {
            return hotel.getHotelId();
        }
        if (row instanceof RoomTypeInfo roomType) {
            return roomType.getHotelId();
        }
        if (row instanceof UnreadableCatalogRow unreadable) {
            return unreadable.getHotelId();
        }
        return ((RoomNightRow) row).getHotelId();
    }
}
