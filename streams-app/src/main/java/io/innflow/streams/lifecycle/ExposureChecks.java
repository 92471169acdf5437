package io.innflow.streams.lifecycle;

import io.innflow.streams.config.NodeSettings;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Refuses to start a node that others could reach while it still uses the public development
 * cluster secret: anyone knowing that value could call its internal endpoints.
 */
public final class ExposureChecks {

    private ExposureChecks() {}

    /** @throws IllegalStateException naming the settings to change */
    public static void verify(NodeSettings node) {
        List<String> problems = problems(node);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("The node refuses to start: " + String.join("; ", problems));
        }
    }

    /** Every reason to refuse, as a sentence naming the setting to change; empty when none. */
    public static List<String> problems(NodeSettings node) {
        if (!NodeSettings.DEV_CLUSTER_SECRET.equals(node.clusterSecret())) {
            return List.of();
        }
        List<String> problems = new ArrayList<>();
        if (!loopback(node.advertisedHost())) {
            problems.add("it advertises " + node.advertisedHost() + " (" + NodeSettings.ADVERTISED_HOST.key()
                    + "), which is not a loopback address, while " + secretAdvice());
        }
        if (!loopback(node.httpHost())) {
            problems.add("its HTTP server binds " + node.httpHost() + " (" + NodeSettings.HTTP_HOST.key()
                    + "), which is not a loopback address, while " + secretAdvice());
        }
        return problems;
    }

    /** True for a name or address that only this machine can reach; a wildcard address is not one. */
    static boolean loopback(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        try {
            InetAddress[] addresses = InetAddress.getAllByName(bare);
            for (InetAddress address : addresses) {
                if (!address.isLoopbackAddress()) {
                    return false;
                }
            }
            return addresses.length > 0;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static String secretAdvice() {
        return NodeSettings.CLUSTER_SECRET.key() + " is the public development default: give every node of the"
                + " cluster one secret of its own (" + NodeSettings.CLUSTER_SECRET.envName() + ")";
    }
}
