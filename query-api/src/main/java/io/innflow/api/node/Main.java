package io.innflow.api.node;

import io.innflow.schemas.serde.AvroSerdeFactory;
import io.innflow.streams.config.InnflowConfig;

/** Starts one node against existing Kafka and registry servers (cluster mode); see README. */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        InnflowConfig config = InnflowConfig.load();
        InnflowNode node = InnflowNode.start(
                config, AvroSerdeFactory.forRegistry(config.node().registryUrl()));
        Runtime.getRuntime().addShutdownHook(new Thread(node::close, "innflow-shutdown"));
    }
}
