package io.innflow.infra;

import java.util.concurrent.CountDownLatch;

/** {@code ./mvnw -Prun}: starts the embedded stack, prints where everything is, stops on Ctrl-C. */
public final class Main {

    private Main() {}

    public static void main(String[] args) throws InterruptedException {
        StackSettings settings = StackSettings.fromEnvironment();
        EmbeddedStack stack;
        try {
            stack = EmbeddedStack.start(settings);
        } catch (RuntimeException e) {
            System.err.println("innflow could not start: " + e.getMessage());
            e.printStackTrace(System.err);
            // Connect and Jetty leave non-daemon threads behind: leave explicitly.
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            System.out.println("\ninnflow: stopping...");
                            stack.close();
                            stopped.countDown();
                        },
                        "innflow-shutdown"));
        System.out.println(Banner.text(stack, stack.writeEndpoints(), stack.writeDemoTokens(), settings));
        stopped.await();
    }
}
