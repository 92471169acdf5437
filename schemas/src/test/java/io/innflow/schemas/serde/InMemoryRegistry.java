package io.innflow.schemas.serde;

import io.apicurio.registry.resolver.client.RegistryArtifactReference;
import io.apicurio.registry.resolver.client.RegistryClientFacade;
import io.apicurio.registry.resolver.client.RegistryVersionCoordinates;
import io.apicurio.registry.resolver.strategy.ArtifactReference;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * A schema registry in memory, for unit tests only: content ids are shared by equal schemas, global
 * ids are given per version, like the real server.
 */
public final class InMemoryRegistry implements RegistryClientFacade {

    private record Version(long globalId, long contentId, String groupId, String artifactId, String version) {
        RegistryVersionCoordinates coordinates() {
            return RegistryVersionCoordinates.create(globalId, contentId, groupId, artifactId, version);
        }
    }

    private final Map<String, Long> contentIds = new HashMap<>();
    private final Map<Long, String> schemas = new HashMap<>();
    private final Map<Long, Version> byGlobalId = new HashMap<>();
    private final Map<String, List<Version>> byArtifact = new HashMap<>();
    private long nextContentId = 1;
    private long nextGlobalId = 1;

    @Override
    public synchronized String getSchemaByContentId(Long contentId) {
        return require(schemas.get(contentId), "content id " + contentId);
    }

    @Override
    public synchronized String getSchemaByGlobalId(long globalId, boolean dereferenced) {
        return schemas.get(
                require(byGlobalId.get(globalId), "global id " + globalId).contentId());
    }

    @Override
    public synchronized String getSchemaByGAV(String groupId, String artifactId, String version) {
        return schemas.get(find(groupId, artifactId, version).contentId());
    }

    @Override
    public String getSchemaByContentHash(String contentHash) {
        throw new UnsupportedOperationException("content hashes are not kept");
    }

    @Override
    public List<RegistryArtifactReference> getReferencesByContentId(long contentId) {
        return List.of();
    }

    @Override
    public List<RegistryArtifactReference> getReferencesByGlobalId(long globalId) {
        return List.of();
    }

    @Override
    public List<RegistryArtifactReference> getReferencesByGAV(String groupId, String artifactId, String version) {
        return List.of();
    }

    @Override
    public List<RegistryArtifactReference> getReferencesByContentHash(String contentHash) {
        return List.of();
    }

    @Override
    public synchronized List<RegistryVersionCoordinates> searchVersionsByContent(
            String schema, String artifactType, ArtifactReference reference, boolean canonical) {
        Long contentId = contentIds.get(schema);
        List<RegistryVersionCoordinates> out = new ArrayList<>();
        for (Version v : byArtifact.getOrDefault(key(reference.getGroupId(), reference.getArtifactId()), List.of())) {
            if (contentId != null && v.contentId() == contentId) {
                out.add(v.coordinates());
            }
        }
        return out;
    }

    @Override
    public synchronized RegistryVersionCoordinates createSchema(
            String artifactType,
            String groupId,
            String artifactId,
            String version,
            String autoCreateBehavior,
            boolean canonical,
            String schema,
            Set<RegistryArtifactReference> references) {
        long contentId = contentIds.computeIfAbsent(schema, s -> {
            long id = nextContentId++;
            schemas.put(id, s);
            return id;
        });
        List<Version> versions = byArtifact.computeIfAbsent(key(groupId, artifactId), k -> new ArrayList<>());
        for (Version v : versions) {
            if (v.contentId() == contentId) {
                return v.coordinates();
            }
        }
        Version created = new Version(
                nextGlobalId++,
                contentId,
                group(groupId),
                artifactId,
                version != null ? version : String.valueOf(versions.size() + 1));
        versions.add(created);
        byGlobalId.put(created.globalId(), created);
        return created.coordinates();
    }

    @Override
    public synchronized RegistryVersionCoordinates getVersionCoordinatesByGAV(
            String groupId, String artifactId, String version) {
        return find(groupId, artifactId, version).coordinates();
    }

    @Override
    public Object getClient() {
        return null;
    }

    private Version find(String groupId, String artifactId, String version) {
        List<Version> versions = require(byArtifact.get(key(groupId, artifactId)), "artifact " + artifactId);
        if (version == null || version.equals("latest") || version.equals("branch=latest")) {
            return versions.get(versions.size() - 1);
        }
        return versions.stream()
                .filter(v -> v.version().equals(version))
                .findFirst()
                .orElseThrow(() -> new NoSuchElementException(artifactId + "@" + version));
    }

    private static String group(String groupId) {
        return groupId == null ? "default" : groupId;
    }

    private static String key(String groupId, String artifactId) {
        return group(groupId) + "/" + artifactId;
    }

    private static <T> T require(T value, String what) {
        if (value == null) {
            throw new NoSuchElementException("No " + what);
        }
        return value;
    }
}
