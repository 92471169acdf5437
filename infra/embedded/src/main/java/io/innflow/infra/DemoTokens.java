package io.innflow.infra;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.innflow.streams.config.AuthSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Optional;

/**
 * The development identities of the embedded run: an HS256 secret generated once and kept under the
 * data directory, and tokens signed with it for a guest, a second guest, a partner and an admin.
 */
public final class DemoTokens {

    /** The file under the data directory holding the development secret. */
    static final String SECRET_FILE = "auth-dev-secret";

    /** How long a demo token stays valid. */
    static final Duration VALIDITY = Duration.ofDays(365);

    private DemoTokens() {}

    /** The development secret under {@code dataDir}, created (random, owner-readable only) on first use. */
    static String developmentSecret(Path dataDir) {
        Path file = dataDir.resolve(SECRET_FILE);
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.UTF_8).trim();
            }
            Files.createDirectories(dataDir);
            byte[] random = new byte[48];
            new SecureRandom().nextBytes(random);
            String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            Files.writeString(file, secret + "\n", StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // A file system without POSIX permissions keeps its defaults.
            }
            return secret;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the development secret " + file, e);
        }
    }

    /**
     * A token for {@code subject} in {@code role} (with {@code partnerId} for a partner), valid for
     * {@code validity} from now, accepted by a node configured with {@code auth} (an HS* algorithm).
     */
    public static String sign(
            AuthSettings auth, String subject, String role, Optional<String> partnerId, Duration validity) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .subject(subject)
                .issuer(auth.issuer())
                .audience(auth.audience())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(validity)))
                .claim(auth.roleClaim(), role);
        partnerId.ifPresent(id -> claims.claim(auth.partnerClaim(), id));
        try {
            SignedJWT jwt = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.parse(auth.algorithm()))
                            .type(JOSEObjectType.JWT)
                            .build(),
                    claims.build());
            jwt.sign(new MACSigner(auth.hmacSecret().getBytes(StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a token with the configured secret: " + e.getMessage(), e);
        }
    }
}
