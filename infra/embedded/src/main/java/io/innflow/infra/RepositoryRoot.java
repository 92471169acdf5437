package io.innflow.infra;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the repository root, where the built registry server ({@code infra/registry-server/target})
 * and Connect plugins ({@code infra/connect-plugins/target/plugins}) are.
 */
public final class RepositoryRoot {

    /** System property naming the root; Maven sets it to {@code ${maven.multiModuleProjectDirectory}}. */
    public static final String PROPERTY = "innflow.root";

    private static final String MARKER = "infra/registry-server";

    private RepositoryRoot() {}

    /**
     * The directory named by the {@value #PROPERTY} system property if set, otherwise the nearest
     * directory, from the working directory upwards, that contains {@code infra/registry-server}.
     *
     * @throws IllegalStateException if the property names no directory, or no such directory is found
     */
    public static Path find() {
        String property = System.getProperty(PROPERTY);
        if (property != null && !property.isBlank()) {
            Path root = Path.of(property).toAbsolutePath().normalize();
            if (!Files.isDirectory(root)) {
                throw new IllegalStateException("-D" + PROPERTY + "=" + property + " is not a directory");
            }
            return root;
        }
        Path start = Path.of("").toAbsolutePath().normalize();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve(MARKER))) {
                return dir;
            }
        }
        throw new IllegalStateException("Cannot find the repository root: no directory from " + start
                + " upwards contains " + MARKER + "; set -D" + PROPERTY + "=<repository root>");
    }
}
