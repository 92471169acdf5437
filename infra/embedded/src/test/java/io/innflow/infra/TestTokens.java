package io.innflow.infra;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.innflow.streams.config.AuthSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;

/** Tokens the tests mint for themselves, signed with the running stack's development secret. */
final class TestTokens {

    private static final Duration VALIDITY = Duration.ofHours(1);

    private TestTokens() {}

    static String guest(EmbeddedStack stack, String subject) {
        return DemoTokens.sign(auth(stack), subject, "guest", Optional.empty(), VALIDITY);
    }

    /** A token of a member of staff of {@code partnerId}. */
    static String partner(EmbeddedStack stack, String partnerId) {
        return DemoTokens.sign(auth(stack), "staff-of-" + partnerId, "partner", Optional.of(partnerId), VALIDITY);
    }

    static String admin(EmbeddedStack stack, String subject) {
        return DemoTokens.sign(auth(stack), subject, "admin", Optional.empty(), VALIDITY);
    }

    /** Valid claims for a guest, to be spoiled by a test before {@link #sign}. */
    static JWTClaimsSet.Builder claims(EmbeddedStack stack, String subject) {
        AuthSettings auth = auth(stack);
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .subject(subject)
                .issuer(auth.issuer())
                .audience(auth.audience())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(VALIDITY)))
                .claim(auth.roleClaim(), "guest");
    }

    /** {@code claims} signed with HS256 and {@code secret}. */
    static String sign(JWTClaimsSet claims, String secret) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The stack's own secret, so a token signed with it is valid. */
    static String secret(EmbeddedStack stack) {
        return auth(stack).hmacSecret();
    }

    static String bearer(String token) {
        return "Bearer " + token;
    }

    private static AuthSettings auth(EmbeddedStack stack) {
        return stack.nodeConfig().auth();
    }
}
