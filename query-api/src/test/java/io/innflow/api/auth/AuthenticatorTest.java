package io.innflow.api.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.innflow.api.http.ApiException;
import io.innflow.api.http.Principal;
import io.innflow.api.http.Role;
import io.innflow.streams.config.AuthSettings;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the authenticator makes of a request's {@code Authorization} header: the principal of a
 * valid token, anonymous without one, and a 401 {@code unauthenticated} problem for every token that
 * must not be trusted.
 */
class AuthenticatorTest {

    private final Authenticator hs256 = Authenticator.of(Tokens.settings());

    @TempDir
    Path dir;

    @Test
    void shouldNameTheCallerOfAValidTokenByItsClaims() {
        Principal guest = hs256.principalOf(Tokens.bearer(Tokens.guest("alice")));
        Principal partner = hs256.principalOf(Tokens.bearer(Tokens.partner("p-7")));
        Principal admin = hs256.principalOf(Tokens.bearer(Tokens.admin("root")));

        assertThat(guest).isEqualTo(new Principal(Role.GUEST, "alice", null));
        assertThat(guest.name()).isEqualTo("guest:alice");
        assertThat(partner.partnerId()).hasValue("p-7");
        assertThat(partner.role()).isEqualTo(Role.PARTNER);
        assertThat(admin.adminId()).hasValue("root");
    }

    @Test
    void shouldTreatARequestWithoutATokenAsAnonymous() {
        assertThat(hs256.principalOf(null)).isEqualTo(Principal.ANONYMOUS);
    }

    @Test
    void shouldAcceptARoleListHoldingOneRoleAndTheBearerSchemeInAnyCase() {
        String token = Tokens.sign(Tokens.claims("bob", "x")
                .claim("role", List.of("guest", "offline_access"))
                .build());

        assertThat(hs256.principalOf("bearer " + token).role()).isEqualTo(Role.GUEST);
    }

    @Test
    void shouldTolerateAClockSkewWithinTheConfiguredBound() {
        Instant now = Instant.now();
        String justExpired = Tokens.sign(Tokens.claims("carol", "guest")
                .expirationTime(Date.from(now.minusSeconds(20)))
                .build());

        assertThat(hs256.principalOf(Tokens.bearer(justExpired)).subject()).isEqualTo("carol");
    }

    @Test
    void shouldTakeATokenVerifiedBeforeWithoutVerifyingItAgain() {
        String token = Tokens.bearer(Tokens.partner("p-9"));
        Principal first = hs256.principalOf(token);
        Principal again = hs256.principalOf(token);

        assertThat(again).isEqualTo(first).isEqualTo(new Principal(Role.PARTNER, "staff-of-p-9", "p-9"));
        assertThat(hs256.tokensTakenAsVerified()).isEqualTo(1);

        Authenticator everyTime = hs256With("innflow.auth.verified-tokens", "PT0S");
        everyTime.principalOf(token);
        assertThat(everyTime.principalOf(token)).isEqualTo(first);
        assertThat(everyTime.tokensTakenAsVerified()).isZero();
    }

    @Test
    void shouldNotTakeAnAlteredCopyOfAVerifiedToken() {
        String valid = Tokens.guest("dave");
        assertThat(hs256.principalOf(Tokens.bearer(valid)).subject()).isEqualTo("dave");
        String[] parts = valid.split("\\.");
        String otherSignature = parts[0] + "." + parts[1] + "." + parts[2].substring(0, parts[2].length() - 4) + "AAAA";
        String adminClaims = Base64URL.encode(
                        Tokens.claims("dave", "admin").build().toString())
                .toString();

        assertUnauthenticated(() -> hs256.principalOf(Tokens.bearer(otherSignature)));
        assertUnauthenticated(() -> hs256.principalOf(Tokens.bearer(parts[0] + "." + adminClaims + "." + parts[2])));
    }

    @Test
    void shouldRefuseARememberedTokenOnceItExpires() throws InterruptedException {
        Authenticator noSkew = hs256With("innflow.auth.clock-skew", "PT0S");
        // "exp" is in whole seconds: 2 to 3 s from now.
        Instant expires = Instant.now().plusSeconds(3).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        String token = Tokens.bearer(Tokens.sign(Tokens.claims("erin", "guest")
                .expirationTime(Date.from(expires))
                .build()));
        assertThat(noSkew.principalOf(token).subject()).isEqualTo("erin");
        assertThat(noSkew.principalOf(token).subject()).isEqualTo("erin");
        assertThat(noSkew.tokensTakenAsVerified()).isEqualTo(1);

        Thread.sleep(Math.max(0, Duration.between(Instant.now(), expires).toMillis()) + 200);

        assertThatThrownBy(() -> noSkew.principalOf(token)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(401);
            assertThat(e.type()).isEqualTo("unauthenticated");
            assertThat(e.getMessage()).containsIgnoringCase("expired");
        });
        assertThat(noSkew.tokensTakenAsVerified())
                .as("the expired token was not taken")
                .isEqualTo(1);
    }

    static List<String> untrustworthy() throws Exception {
        Instant now = Instant.now();
        String otherKey = "another-secret-that-is-also-32-bytes-long!";
        RSAKey rsa = new RSAKeyGenerator(2048).generate();
        SignedJWT rs256 = new SignedJWT(
                new JWSHeader(JWSAlgorithm.RS256),
                Tokens.claims("mallory", "admin").build());
        rs256.sign(new RSASSASigner(rsa));
        SignedJWT hs512 = new SignedJWT(
                new JWSHeader(JWSAlgorithm.HS512),
                Tokens.claims("mallory", "admin").build());
        hs512.sign(new MACSigner(Tokens.SECRET + Tokens.SECRET));
        String valid = Tokens.admin("mallory");
        String[] parts = valid.split("\\.");
        String unsigned = new PlainJWT(Tokens.claims("mallory", "admin").build()).serialize();
        // alg none with the signature of a valid token left in place
        String noneHeader =
                Base64URL.encode("{\"alg\":\"none\",\"typ\":\"JWT\"}").toString();
        return List.of(
                Tokens.sign(Tokens.claims("mallory", "guest")
                        .expirationTime(Date.from(now.minus(Duration.ofMinutes(5))))
                        .build()),
                Tokens.sign(Tokens.claims("mallory", "guest")
                        .notBeforeTime(Date.from(now.plus(Duration.ofMinutes(5))))
                        .build()),
                Tokens.sign(Tokens.claims("mallory", "admin").build(), otherKey),
                unsigned,
                noneHeader + "." + parts[1] + ".",
                noneHeader + "." + parts[1] + "." + parts[2],
                rs256.serialize(),
                hs512.serialize(),
                Tokens.sign(Tokens.claims("mallory", "admin")
                        .issuer("https://evil.example")
                        .build()),
                Tokens.sign(Tokens.claims("mallory", "admin")
                        .audience("someone-else")
                        .build()),
                Tokens.sign(
                        Tokens.claims("mallory", "admin").expirationTime(null).build()),
                Tokens.sign(Tokens.claims(null, "admin").build()),
                Tokens.sign(Tokens.claims("mallory", "root").build()),
                Tokens.sign(Tokens.claims("mallory", "partner").build()),
                Tokens.sign(Tokens.claims("mallory", "x")
                        .claim("role", List.of("guest", "admin"))
                        .build()),
                Tokens.sign(Tokens.claims("mallory\nx", "guest").build()),
                parts[0] + "." + parts[1] + "." + parts[2].substring(0, parts[2].length() - 4) + "AAAA",
                "not-a-jwt",
                "a.b.c",
                "");
    }

    @ParameterizedTest
    @MethodSource("untrustworthy")
    void shouldRefuseEveryTokenThatCannotBeTrusted(String token) {
        assertUnauthenticated(() -> hs256.principalOf(Tokens.bearer(token)));
    }

    @Test
    void shouldRefuseAnotherAuthorizationScheme() {
        assertUnauthenticated(() -> hs256.principalOf("Basic YWRtaW46YWRtaW4="));
        assertUnauthenticated(() -> hs256.principalOf(Tokens.guest("alice")));
    }

    @Test
    void shouldRefuseEveryTokenWhenNoSecretIsConfigured() {
        Authenticator unconfigured = Authenticator.of(AuthSettings.from(Map.of()));

        assertThat(unconfigured.principalOf(null)).isEqualTo(Principal.ANONYMOUS);
        assertUnauthenticated(() -> unconfigured.principalOf(Tokens.bearer(Tokens.guest("alice"))));
    }

    @Test
    void shouldRefuseToStartWithAShortSecretOrAPublicKeyAlgorithmWithoutKeys() {
        assertThatThrownBy(() -> Authenticator.of(AuthSettings.from(Map.of("innflow.auth.hmac-secret", "short"))))
                .hasMessageContaining("innflow.auth.hmac-secret");
        assertThatThrownBy(() -> Authenticator.of(AuthSettings.from(Map.of("innflow.auth.algorithm", "RS256"))))
                .hasMessageContaining("innflow.auth.jwks-url");
        assertThatThrownBy(() -> AuthSettings.from(Map.of("innflow.auth.algorithm", "none")))
                .hasMessageContaining("innflow.auth.algorithm");
    }

    @Test
    void shouldVerifyRs256TokensWithAPemKeyFile() throws Exception {
        RSAKey key = new RSAKeyGenerator(2048).keyID("k1").generate();
        Path pem = dir.resolve("issuer.pem");
        Files.writeString(
                pem,
                "-----BEGIN PUBLIC KEY-----\n"
                        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                                .encodeToString(key.toPublicKey().getEncoded())
                        + "\n-----END PUBLIC KEY-----\n");
        Authenticator rs256 =
                Authenticator.of(publicKeySettings("RS256", Map.of("innflow.auth.key-file", pem.toString())));

        SignedJWT token = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256)
                        .type(JOSEObjectType.JWT)
                        .build(),
                Tokens.claims("dave", "guest").build());
        token.sign(new RSASSASigner(key));

        assertThat(rs256.principalOf(Tokens.bearer(token.serialize())).name()).isEqualTo("guest:dave");
        // an HS256 token "signed" with the public key: the classic algorithm confusion
        String confused = Tokens.sign(
                Tokens.claims("mallory", "admin").build(),
                Base64.getEncoder().encodeToString(key.toPublicKey().getEncoded()));
        assertUnauthenticated(() -> rs256.principalOf(Tokens.bearer(confused)));
    }

    @Test
    void shouldVerifyEs256TokensWithKeysFromAJwksUrl() throws Exception {
        ECKey key = new ECKeyGenerator(Curve.P_256).keyID("es-1").generate();
        ECKey other = new ECKeyGenerator(Curve.P_256).keyID("es-1").generate();
        HttpServer jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        byte[] body = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        jwks.createContext("/jwks.json", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        jwks.start();
        try {
            String url = "http://127.0.0.1:" + jwks.getAddress().getPort() + "/jwks.json";
            Authenticator es256 = Authenticator.of(publicKeySettings("ES256", Map.of("innflow.auth.jwks-url", url)));

            assertThat(es256.principalOf(Tokens.bearer(es256Token(key, "erin"))).subject())
                    .isEqualTo("erin");
            assertUnauthenticated(() -> es256.principalOf(Tokens.bearer(es256Token(other, "mallory"))));
            assertUnauthenticated(() -> es256.principalOf(Tokens.bearer(Tokens.admin("mallory"))));
        } finally {
            jwks.stop(0);
        }
    }

    private static String es256Token(ECKey key, String subject) throws Exception {
        SignedJWT token = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(),
                Tokens.claims(subject, "guest").build());
        token.sign(new ECDSASigner(key));
        return token.serialize();
    }

    /** An authenticator of the test tokens with one more setting. */
    private static Authenticator hs256With(String key, String value) {
        Map<String, String> values = new java.util.HashMap<>(Map.of(
                "innflow.auth.hmac-secret", Tokens.SECRET,
                "innflow.auth.issuer", Tokens.ISSUER,
                "innflow.auth.audience", Tokens.AUDIENCE));
        values.put(key, value);
        return Authenticator.of(AuthSettings.from(values));
    }

    private static AuthSettings publicKeySettings(String algorithm, Map<String, String> keys) {
        Map<String, String> values = new java.util.HashMap<>(keys);
        values.put("innflow.auth.algorithm", algorithm);
        values.put("innflow.auth.issuer", Tokens.ISSUER);
        values.put("innflow.auth.audience", Tokens.AUDIENCE);
        return AuthSettings.from(values);
    }

    private static void assertUnauthenticated(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(401);
            assertThat(e.type()).isEqualTo("unauthenticated");
            assertThat(e.getMessage()).isNotBlank();
        });
    }
}
