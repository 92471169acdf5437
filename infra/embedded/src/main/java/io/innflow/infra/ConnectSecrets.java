package io.innflow.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Properties;

/**
 * The secrets the embedded Connect worker resolves through Kafka's {@code FileConfigProvider}: a
 * properties file only this user can read, named in connector configs as {@code
 * ${file:<path>:<key>}}, so the configs Connect stores and shows carry a reference, never a password.
 */
final class ConnectSecrets {

    /** Kafka's provider that reads a key of a properties file. */
    static final String FILE_PROVIDER = "org.apache.kafka.common.config.provider.FileConfigProvider";

    private ConnectSecrets() {}

    /** Writes {@code secrets} to {@code dir}/secrets.properties, readable by its owner only. */
    static Path write(Path dir, Map<String, String> secrets) {
        Path file = dir.resolve("secrets.properties");
        try {
            Files.createDirectories(dir);
            Files.deleteIfExists(file);
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(
                        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(file);
            }
            Properties p = new Properties();
            p.putAll(secrets);
            try (Writer out = Files.newBufferedWriter(file)) {
                p.store(out, "Secrets of the embedded Connect worker; do not share");
            }
            return file.toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }

    /** The config-provider reference to {@code key} of {@code file}. */
    static String reference(Path file, String key) {
        return "${file:" + file + ":" + key + "}";
    }
}
