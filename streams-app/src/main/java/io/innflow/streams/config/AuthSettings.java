package io.innflow.streams.config;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * How a node verifies the bearer tokens of its callers (see docs/security.md): the one signing
 * algorithm it accepts, where its key comes from, the issuer and audience it requires, the clock skew
 * it tolerates and the claims that carry a caller's role and partner id.
 *
 * @param algorithm the JWS algorithm every token must be signed with (HS256 in development; RS256 or
 *     ES256 with a JWKS URL or a key file in production)
 * @param hmacSecret the shared secret of an HMAC algorithm (at least 32 bytes); empty: none
 * @param jwksUrl where the issuer publishes its public keys (an OIDC provider's {@code jwks_uri})
 * @param keyFile a public key file instead: PEM, a JWK or a JWK set
 * @param issuer the {@code iss} every token must carry
 * @param audience a value the {@code aud} of every token must contain
 * @param clockSkew how far {@code exp} and {@code nbf} may be off this node's clock
 * @param roleClaim the claim that names the caller's role ({@code guest}, {@code partner}, {@code admin})
 * @param partnerClaim the claim that carries a partner's id
 * @param verifiedTokens how long a token, once verified, is taken without verifying it again (still
 *     refused once past its {@code exp}); zero: every request verifies its token
 */
public record AuthSettings(
        String algorithm,
        String hmacSecret,
        String jwksUrl,
        String keyFile,
        String issuer,
        String audience,
        Duration clockSkew,
        String roleClaim,
        String partnerClaim,
        Duration verifiedTokens) {

    /** The algorithms a node can be configured to accept; {@code none} is not one of them. */
    public static final Set<String> ALGORITHMS =
            Set.of("HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "PS256", "ES256", "ES384");

    public static final Setting<String> ALGORITHM = Setting.of(
            "innflow.auth.algorithm",
            "HS256",
            AuthSettings::algorithm,
            "the one JWS algorithm accepted (`HS256` with a shared secret; `RS256`, `ES256` and the like with"
                    + " a JWKS URL or a key file). Tokens signed otherwise, or unsigned (`alg: none`), are refused");
    public static final Setting<String> HMAC_SECRET = Setting.of(
            "innflow.auth.hmac-secret",
            "",
            Setting::text,
            "the shared secret of an `HS*` algorithm, at least 32 bytes; empty: every token is refused. The"
                    + " embedded stack generates one under `var/`. Never printed");
    public static final Setting<String> JWKS_URL = Setting.of(
            "innflow.auth.jwks-url",
            "",
            Setting::text,
            "where the token issuer publishes its public keys (an OIDC provider's `jwks_uri`); for `RS*`, `PS*`,"
                    + " `ES*`");
    public static final Setting<String> KEY_FILE = Setting.of(
            "innflow.auth.key-file",
            "",
            Setting::text,
            "a public key file instead of a JWKS URL: PEM, a JWK or a JWK set (JSON)");
    public static final Setting<String> ISSUER =
            Setting.of("innflow.auth.issuer", "innflow-dev", Setting::nonBlank, "the `iss` every token must carry");
    public static final Setting<String> AUDIENCE = Setting.of(
            "innflow.auth.audience", "innflow", Setting::nonBlank, "a value the `aud` of every token must contain");
    public static final Setting<Duration> CLOCK_SKEW = Setting.of(
            "innflow.auth.clock-skew",
            "PT60S",
            AuthSettings::upToFiveMinutes,
            "how far a token's `exp` and `nbf` may be off this node's clock (at most PT5M)");
    public static final Setting<String> ROLE_CLAIM = Setting.of(
            "innflow.auth.role-claim",
            "role",
            Setting::nonBlank,
            "the claim naming the caller's role: `guest`, `partner` or `admin` (a string, or a list holding"
                    + " exactly one of them)");
    public static final Setting<String> PARTNER_CLAIM = Setting.of(
            "innflow.auth.partner-claim",
            "partner_id",
            Setting::nonBlank,
            "the claim carrying a partner's id (`hotels.partner_id` in the catalog); required for `partner`");

    public static final Setting<Duration> VERIFIED_TOKENS = Setting.of(
            "innflow.auth.verified-tokens",
            "PT60S",
            AuthSettings::upToFiveMinutes,
            "how long a token, once verified, is taken again without checking its signature and claims (up to"
                    + " 10,000 tokens; one past its `exp` is verified again, and refused); PT0S: every request"
                    + " verifies its token. At most PT5M");

    /** Every key of authentication, in the order docs/configuration.md lists them. */
    public static final List<Setting<?>> SETTINGS = List.of(
            ALGORITHM,
            HMAC_SECRET,
            JWKS_URL,
            KEY_FILE,
            ISSUER,
            AUDIENCE,
            CLOCK_SKEW,
            ROLE_CLAIM,
            PARTNER_CLAIM,
            VERIFIED_TOKENS);

    /** The settings in {@code values}, a map of key to raw value; absent keys take their defaults. */
    public static AuthSettings from(Map<String, String> values) {
        return new AuthSettings(
                ALGORITHM.read(values),
                HMAC_SECRET.read(values),
                JWKS_URL.read(values),
                KEY_FILE.read(values),
                ISSUER.read(values),
                AUDIENCE.read(values),
                CLOCK_SKEW.read(values),
                ROLE_CLAIM.read(values),
                PARTNER_CLAIM.read(values),
                VERIFIED_TOKENS.read(values));
    }

    /** True when tokens are verified with a shared secret rather than a public key. */
    public boolean hmac() {
        return algorithm.startsWith("HS");
    }

    private static String algorithm(String s) {
        String upper = s.toUpperCase(Locale.ROOT);
        if (!ALGORITHMS.contains(upper)) {
            throw new IllegalArgumentException(
                    "must be one of " + ALGORITHMS.stream().sorted().toList());
        }
        return upper;
    }

    private static Duration upToFiveMinutes(String s) {
        Duration d = Duration.parse(s);
        if (d.isNegative() || d.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalArgumentException("must be between PT0S and PT5M");
        }
        return d;
    }

    /** Never prints the shared secret. */
    @Override
    public String toString() {
        return "AuthSettings[algorithm=" + algorithm + ", hmacSecret=***, jwksUrl=" + jwksUrl + ", keyFile=" + keyFile
                + ", issuer=" + issuer + ", audience=" + audience + ", clockSkew=" + clockSkew + ", roleClaim="
                + roleClaim + ", partnerClaim=" + partnerClaim + ", verifiedTokens=" + verifiedTokens + "]";
    }
}
