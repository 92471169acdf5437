package io.innflow.streams.lifecycle;

import java.util.Map;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An exception thrown while a record is processed always fails the thread: a command may have written
 * some of its nights and a catalog change may be half-merged, and continuing would commit that half.
 * Under exactly-once the failed task's transaction is aborted, its stores are restored from the
 * committed changelog, and the replaced thread processes the record again from the last commit.
 */
public final class ProcessingErrorHandler implements ProcessingExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessingErrorHandler.class);

    @Override
    public void configure(Map<String, ?> configs) {}

    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception error) {
        try (RecordLogContext log = RecordLogContext.of(
                context.topic(), context.partition(), context.offset(), record == null ? null : record.key())) {
            LOG.error(
                    "Processing failed in {} at {}-{}@{} (task {}); failing the thread so nothing half-applied commits",
                    context.processorNodeId(),
                    context.topic(),
                    context.partition(),
                    context.offset(),
                    context.taskId(),
                    error);
        }
        return Response.fail();
    }
}
