package io.innflow.api.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import io.innflow.streams.config.AuthSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.util.Base64;
import java.util.List;

/**
 * Where the keys that verify tokens come from, by configuration: a shared secret for {@code HS*}; a
 * JWKS URL or a key file (PEM public key, JWK or JWK set) for {@code RS*}, {@code PS*}, {@code ES*}.
 * Whatever the source, only the one configured algorithm is accepted.
 */
final class VerificationKeys {

    /** The shortest HMAC secret accepted: 256 bits, as HS256 requires. */
    static final int MIN_SECRET_BYTES = 32;

    private VerificationKeys() {}

    /** The key selector of {@code settings}; empty secret: null (no token can be verified). */
    static JWSKeySelector<SecurityContext> selector(AuthSettings settings) {
        JWSAlgorithm algorithm = JWSAlgorithm.parse(settings.algorithm());
        JWKSource<SecurityContext> source = settings.hmac() ? secret(settings) : publicKeys(settings);
        return source == null ? null : new JWSVerificationKeySelector<>(algorithm, source);
    }

    private static JWKSource<SecurityContext> secret(AuthSettings settings) {
        if (settings.hmacSecret().isEmpty()) {
            return null;
        }
        byte[] secret = settings.hmacSecret().getBytes(StandardCharsets.UTF_8);
        if (secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("innflow.auth.hmac-secret must be at least " + MIN_SECRET_BYTES
                    + " bytes for " + settings.algorithm() + " (it is " + secret.length + ")");
        }
        return new ImmutableSecret<>(secret);
    }

    private static JWKSource<SecurityContext> publicKeys(AuthSettings settings) {
        if (!settings.jwksUrl().isBlank()) {
            try {
                return JWKSourceBuilder.create(URI.create(settings.jwksUrl()).toURL())
                        .retrying(true)
                        .build();
            } catch (MalformedURLException | IllegalArgumentException e) {
                throw new IllegalArgumentException("innflow.auth.jwks-url is not a URL: " + settings.jwksUrl(), e);
            }
        }
        if (!settings.keyFile().isBlank()) {
            return new ImmutableJWKSet<>(readKeyFile(Path.of(settings.keyFile())));
        }
        throw new IllegalArgumentException(settings.algorithm()
                + " verifies tokens with public keys: set innflow.auth.jwks-url or innflow.auth.key-file");
    }

    /** A JWK set, a single JWK, or a PEM public key ({@code -----BEGIN PUBLIC KEY-----}). */
    static JWKSet readKeyFile(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read innflow.auth.key-file " + file, e);
        }
        try {
            if (text.startsWith("{")) {
                return text.contains("\"keys\"") ? JWKSet.parse(text) : new JWKSet(JWK.parse(text));
            }
            return new JWKSet(List.of(fromPem(text)));
        } catch (ParseException | GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "innflow.auth.key-file " + file + " is not a PEM public key, a JWK or a JWK set: " + e.getMessage(),
                    e);
        }
    }

    private static JWK fromPem(String pem) throws GeneralSecurityException {
        if (!pem.startsWith("-----BEGIN PUBLIC KEY-----")) {
            throw new IllegalArgumentException("a PEM file must hold a PUBLIC KEY");
        }
        String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        X509EncodedKeySpec spec = new X509EncodedKeySpec(Base64.getDecoder().decode(base64));
        PublicKey key;
        try {
            key = KeyFactory.getInstance("RSA").generatePublic(spec);
        } catch (GeneralSecurityException notRsa) {
            key = KeyFactory.getInstance("EC").generatePublic(spec);
        }
        if (key instanceof RSAPublicKey rsa) {
            return new RSAKey.Builder(rsa).build();
        }
        ECPublicKey ec = (ECPublicKey) key;
        return new ECKey.Builder(Curve.forECParameterSpec(ec.getParams()), ec).build();
    }

    /** Thrown by a JWKS URL that cannot be reached; the caller is told to retry, not refused. */
    static boolean unreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof KeySourceException) {
                return true;
            }
        }
        return false;
    }
}
