package io.innflow.api.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.ConfigurableJWTProcessor;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.innflow.api.cluster.ClusterAuth;
import io.innflow.api.http.ApiException;
import io.innflow.api.http.Principal;
import io.innflow.api.http.Role;
import io.innflow.streams.config.AuthSettings;
import io.javalin.http.Context;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a request's {@code Authorization: Bearer <JWT>} into its {@link Principal}, before any
 * handler runs: no header is an anonymous caller; a token that is malformed, unsigned, signed with
 * another algorithm or key, expired, not yet valid, or for another issuer or audience is a 401. The
 * internal endpoints take no user token: they are for other nodes with the cluster credential, which
 * pass on the guest they read for.
 *
 * <p>A token once verified is remembered for {@code innflow.auth.verified-tokens} (60 s), keyed by the
 * whole token, signature included: a caller sends the same token on every request, and checking its
 * signature and claims took a quarter of an HTTP thread's CPU on the hold path (see docs/security.md). A remembered token is
 * taken only while its {@code exp} and {@code nbf} still hold; otherwise it is verified again.
 */
public final class Authenticator {

    private static final Logger LOG = LoggerFactory.getLogger(Authenticator.class);

    /** The request header carrying the token. */
    public static final String HEADER = "Authorization";

    private static final String BEARER = "bearer ";
    private static final Pattern SUBJECT = Pattern.compile("[\\x21-\\x7E]{1,255}");
    private static final Pattern PARTNER_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@:-]{0,127}");

    private final ConfigurableJWTProcessor<SecurityContext> processor;
    private final String roleClaim;
    private final String partnerClaim;
    private final boolean acceptsTokens;
    private final Duration clockSkew;
    /** Tokens verified recently, with what they proved; null when every request verifies its token. */
    private final Cache<String, Verified> verified;

    private final LongAdder takenAsVerified = new LongAdder();

    /** How many verified tokens a node remembers at most. */
    static final int VERIFIED_TOKENS_KEPT = 10_000;

    /** A verified token's caller, and the times between which its claims hold. */
    private record Verified(Principal principal, Instant notBefore, Instant expiresAt) {
        /** True while the token's claims hold at {@code now}, with the same skew the verifier allows. */
        boolean holdsAt(Instant now, Duration skew) {
            return now.isBefore(expiresAt.plus(skew)) && (notBefore == null || !now.isBefore(notBefore.minus(skew)));
        }
    }

    private Authenticator(AuthSettings settings) {
        JWSKeySelector<SecurityContext> keys = VerificationKeys.selector(settings);
        this.acceptsTokens = keys != null;
        this.roleClaim = settings.roleClaim();
        this.partnerClaim = settings.partnerClaim();
        this.clockSkew = settings.clockSkew();
        this.verified = settings.verifiedTokens().isZero()
                ? null
                : Caffeine.newBuilder()
                        .maximumSize(VERIFIED_TOKENS_KEPT)
                        .expireAfterWrite(settings.verifiedTokens())
                        .build();
        this.processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(keys);
        // Mutable sets: the verifier asks them about null, which Set.of refuses.
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(
                new HashSet<>(Set.of(settings.audience())),
                new JWTClaimsSet.Builder().issuer(settings.issuer()).build(),
                new HashSet<>(Set.of("sub", "exp")),
                new HashSet<>());
        claims.setMaxClockSkew((int) settings.clockSkew().toSeconds());
        processor.setJWTClaimsSetVerifier(claims);
    }

    /** The authenticator of {@code settings}; fails naming the key when the keys cannot be set up. */
    public static Authenticator of(AuthSettings settings) {
        Authenticator authenticator = new Authenticator(settings);
        if (!authenticator.acceptsTokens) {
            LOG.warn("innflow.auth.hmac-secret is not set: every bearer token is refused, only public routes answer");
        }
        return authenticator;
    }

    /**
     * The before-handler of every request: the principal of a public path from its token, that of an
     * internal path from the forwarding node, once the cluster credential is checked.
     */
    public void authenticate(Context ctx, ClusterAuth clusterAuth) {
        if (ClusterAuth.isInternal(ctx)) {
            clusterAuth.check(ctx);
            Principal.set(ctx, Principal.fromRelayed(ctx.header(Principal.RELAYED_HEADER)));
        } else {
            Principal.set(ctx, principalOf(ctx.header(HEADER)));
        }
    }

    /** The principal of an {@code Authorization} header value; null is an anonymous caller. */
    public Principal principalOf(String authorization) {
        if (authorization == null) {
            return Principal.ANONYMOUS;
        }
        if (!authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw Principal.unauthenticated("The Authorization header must be 'Bearer <token>'");
        }
        String token = authorization.substring(BEARER.length()).trim();
        if (token.isEmpty()) {
            throw Principal.unauthenticated("The bearer token is empty");
        }
        if (!acceptsTokens) {
            throw Principal.unauthenticated("This node accepts no tokens: its token keys are not configured");
        }
        Verified known = verified == null ? null : verified.getIfPresent(token);
        if (known != null) {
            if (known.holdsAt(Instant.now(), clockSkew)) {
                takenAsVerified.increment();
                return known.principal();
            }
            verified.invalidate(token); // verified again below, which names why it no longer holds
        }
        JWTClaimsSet claims;
        try {
            claims = processor.process(token, null);
        } catch (ParseException e) {
            throw Principal.unauthenticated("The bearer token is not a JWT");
        } catch (BadJOSEException e) {
            throw Principal.unauthenticated("The bearer token is not valid: " + e.getMessage());
        } catch (JOSEException e) {
            if (VerificationKeys.unreachable(e)) {
                LOG.warn("The token keys cannot be fetched: {}", e.toString());
                throw ApiException.unavailable("The token issuer's keys cannot be fetched right now");
            }
            throw Principal.unauthenticated("The bearer token cannot be verified: " + e.getMessage());
        }
        Principal principal = principal(claims);
        if (verified != null) {
            // "exp" is required, so never null here.
            verified.put(
                    token,
                    new Verified(principal, instant(claims.getNotBeforeTime()), instant(claims.getExpirationTime())));
        }
        return principal;
    }

    /** Requests whose token was taken as verified before, without verifying it again, since start. */
    long tokensTakenAsVerified() {
        return takenAsVerified.sum();
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }

    private Principal principal(JWTClaimsSet claims) {
        String subject = claims.getSubject();
        if (subject == null || !SUBJECT.matcher(subject).matches()) {
            throw Principal.unauthenticated("The token's subject must be 1-255 visible ASCII characters");
        }
        Role role = role(claims.getClaim(roleClaim))
                .orElseThrow(() -> Principal.unauthenticated(
                        "The token's '" + roleClaim + "' claim must name one role: guest, partner or admin"));
        String partner = null;
        if (role == Role.PARTNER) {
            Object value = claims.getClaim(partnerClaim);
            if (!(value instanceof String id) || !PARTNER_ID.matcher(id).matches()) {
                throw Principal.unauthenticated(
                        "A partner's token must carry its partner id in the '" + partnerClaim + "' claim");
            }
            partner = id;
        }
        return new Principal(role, subject, partner);
    }

    /** A string naming a role, or a list holding exactly one known role. */
    private static Optional<Role> role(Object claim) {
        if (claim instanceof String value) {
            return Role.ofClaim(value);
        }
        if (claim instanceof List<?> values) {
            List<Role> roles = values.stream()
                    .filter(String.class::isInstance)
                    .map(v -> Role.ofClaim(((String) v).toLowerCase(Locale.ROOT)))
                    .flatMap(Optional::stream)
                    .distinct()
                    .toList();
            return roles.size() == 1 ? Optional.of(roles.get(0)) : Optional.empty();
        }
        return Optional.empty();
    }
}
