package io.innflow.infra;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the embedded stack keeps its state, all under one root (the product default is {@code var/}
 * at the repository root): {@code kafka/}, {@code postgres/}, {@code connect/}, {@code registry/}, {@code streams/}. Deleting the root
 * resets the stack; keeping it makes the next run resume.
 *
 * @param root the root data directory
 */
public record DataLayout(Path root) {

    public DataLayout {
        root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
    }

    public static DataLayout at(Path root) {
        return new DataLayout(root);
    }

    public Path kafka() {
        return root.resolve("kafka");
    }

    public Path postgres() {
        return root.resolve("postgres");
    }

    public Path connect() {
        return root.resolve("connect");
    }

    public Path registry() {
        return root.resolve("registry");
    }

    public Path streams() {
        return root.resolve("streams");
    }
}
