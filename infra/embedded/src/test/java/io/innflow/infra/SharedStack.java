package io.innflow.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One embedded stack for every test class of the JVM ({@code @ExtendWith(SharedStack.class)}, then
 * an {@code EmbeddedStack} parameter on {@code @BeforeAll}): started by the first class that asks,
 * stopped when the whole run ends. Classes share it, so each uses hotels, cities and idempotency keys
 * of its own. A failed start is remembered: later classes fail at once instead of trying again.
 */
final class SharedStack implements BeforeAllCallback, ParameterResolver {

    private static final Logger log = LoggerFactory.getLogger(SharedStack.class);

    private static Path dataDir;
    private static EmbeddedStack stack;
    private static RuntimeException failure;

    @Override
    public void beforeAll(ExtensionContext context) {
        // The root store closes its values once, after the last class of the run.
        context.getRoot()
                .getStore(ExtensionContext.Namespace.create(SharedStack.class))
                .getOrComputeIfAbsent(Closer.class, key -> new Closer(), Closer.class);
        stack();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == EmbeddedStack.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return stack();
    }

    /** The running stack, started on first use. */
    static synchronized EmbeddedStack stack() {
        if (failure != null) {
            throw new IllegalStateException("The shared stack failed earlier in this run", failure);
        }
        if (stack == null) {
            try {
                dataDir = Files.createTempDirectory("innflow-it-");
                long begin = System.nanoTime();
                stack = EmbeddedStack.start(StackSettings.forTests(dataDir));
                log.info("TIMING shared stack started in {} ms", (System.nanoTime() - begin) / 1_000_000);
            } catch (IOException e) {
                failure = new UncheckedIOException(e);
                throw failure;
            } catch (RuntimeException e) {
                failure = e;
                throw e;
            }
        }
        return stack;
    }

    /**
     * Stops every part and starts the stack again on the same data, as an operator's restart would.
     * Ports change: callers take the new stack's addresses.
     */
    static synchronized EmbeddedStack restart() {
        stack().close();
        stack = null;
        try {
            stack = EmbeddedStack.start(StackSettings.forTests(dataDir));
            return stack;
        } catch (RuntimeException e) {
            failure = e;
            throw e;
        }
    }

    private static synchronized void stop() {
        if (stack != null) {
            stack.close();
            stack = null;
        }
        if (dataDir != null) {
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                log.warn("cannot delete {}", dataDir, e);
            }
            dataDir = null;
        }
    }

    /** Stops the stack when JUnit closes the root store at the end of the run. */
    private static final class Closer implements AutoCloseable {
        @Override
        public void close() {
            stop();
        }
    }
}
