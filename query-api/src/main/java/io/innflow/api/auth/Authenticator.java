package io.innflow.api.auth;

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
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a request's {@code Authorization: Bearer <JWT>} into its {@link Principal}, before any
 * handler runs: no header is an anonymous caller; a token that is malformed, unsigned, signed with
 * another algorithm or key, expired, not yet valid, or for another issuer or audience is a 401. The
 * internal endpoints take no user token: they are for other nodes with the cluster credential, which
 * pass on the guest they read for.
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

    private Authenticator(AuthSettings settings) {
        JWSKeySelector<SecurityContext> keys = VerificationKeys.selector(settings);
        this.acceptsTokens = keys != null;
        this.roleClaim = settings.roleClaim();
        this.partnerClaim = settings.partnerClaim();
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
        return principal(claims);
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
