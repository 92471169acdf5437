package io.innflow.api.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.innflow.streams.config.AuthSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;

/** HS256 tokens for the tests of this module, signed with {@link #SECRET}. */
public final class Tokens {

    public static final String SECRET = "query-api-test-secret-of-at-least-32-bytes";
    public static final String ISSUER = "innflow-test";
    public static final String AUDIENCE = "innflow";

    private Tokens() {}

    /** The auth settings that accept these tokens. */
    public static AuthSettings settings() {
        return AuthSettings.from(Map.of(
                "innflow.auth.hmac-secret", SECRET,
                "innflow.auth.issuer", ISSUER,
                "innflow.auth.audience", AUDIENCE));
    }

    /** Claims valid for an hour from now, for {@code subject} in {@code role}. */
    public static JWTClaimsSet.Builder claims(String subject, String role) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .subject(subject)
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofHours(1))))
                .claim("role", role);
    }

    public static String guest(String subject) {
        return sign(claims(subject, "guest").build());
    }

    public static String partner(String partnerId) {
        return sign(claims("staff-of-" + partnerId, "partner")
                .claim("partner_id", partnerId)
                .build());
    }

    public static String admin(String subject) {
        return sign(claims(subject, "admin").build());
    }

    public static String sign(JWTClaimsSet claims) {
        return sign(claims, SECRET);
    }

    public static String sign(JWTClaimsSet claims, String secret) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            jwt.sign(new MACSigner(secret));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The {@code Authorization} header value of {@code token}. */
    public static String bearer(String token) {
        return "Bearer " + token;
    }
}
