package io.innflow.notifier;

import java.util.Map;
import java.util.concurrent.CountDownLatch;

/** Runs the notifier on its own: settings from the environment (see docs/configuration.md), stops on SIGTERM. */
public final class Main {

    private Main() {}

    public static void main(String[] args) throws InterruptedException {
        Notifier notifier = Notifier.start(NotifierSettings.load(Map.of()));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            notifier.close();
                            stopped.countDown();
                        },
                        "innflow-notifier-shutdown"));
        stopped.await();
    }
}
