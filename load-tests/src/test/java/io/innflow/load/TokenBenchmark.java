package io.innflow.load;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.innflow.api.auth.Authenticator;
import io.innflow.api.http.Principal;
import io.innflow.api.http.Role;
import io.innflow.streams.config.AuthSettings;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * What verifying a bearer token costs a node, per request, with each algorithm a node accepts from a
 * provider ({@code HS256} in development, {@code RS256} and {@code ES256} in production), every time
 * and with verified tokens remembered ({@code innflow.auth.verified-tokens}). One thread, the same
 * token on every call, as a client sends it; CPU time of the calling thread per call. Written to
 * {@code target/benchmarks/tokens.md}; docs/benchmarks.md "Verified tokens remembered" has a run.
 *
 * <pre>./mvnw -B install -DskipTests && ./mvnw -B -pl load-tests test -Dtest=TokenBenchmark -Dinnflow.bench=tokens</pre>
 */
@EnabledIfSystemProperty(named = "innflow.bench", matches = ".*tokens.*")
class TokenBenchmark {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final Duration WARM_UP = Duration.ofSeconds(3);
    private static final Duration MEASURED = Duration.ofSeconds(3);

    @TempDir
    Path dir;

    @Test
    void measuresTokenVerification() throws Exception {
        String secret = "token-benchmark-secret-of-at-least-32-bytes";
        RSAKey rsa = new RSAKeyGenerator(2048).keyID("rsa").generate();
        ECKey ec = new ECKeyGenerator(Curve.P_256).keyID("ec").generate();
        List<String> report = new ArrayList<>();
        report.add(
                "| algorithm | verified tokens remembered | calls | µs of CPU per call | calls per second of one thread |");
        report.add("| --- | --- | --- | --- | --- |");
        for (String remembered : List.of("PT0S", "PT60S")) {
            measure(report, "HS256", Map.of("innflow.auth.hmac-secret", secret), new MACSigner(secret), remembered);
            measure(report, "RS256", keyFile(rsa), new RSASSASigner(rsa), remembered);
            measure(report, "ES256", keyFile(ec), new ECDSASigner(ec), remembered);
        }
        Path out = Path.of("target/benchmarks");
        Files.createDirectories(out);
        Files.write(out.resolve("tokens.md"), report);
        report.forEach(line -> System.out.println("BENCH " + line));
    }

    private void measure(
            List<String> report, String algorithm, Map<String, String> keys, JWSSigner signer, String remembered)
            throws JOSEException {
        Map<String, String> values = new HashMap<>(keys);
        values.put("innflow.auth.algorithm", algorithm);
        values.put("innflow.auth.issuer", "bench");
        values.put("innflow.auth.audience", "innflow");
        values.put("innflow.auth.verified-tokens", remembered);
        Authenticator authenticator = Authenticator.of(AuthSettings.from(values));
        String header = "Bearer " + token(algorithm, signer);
        if (!authenticator.principalOf(header).equals(new Principal(Role.GUEST, "guest-1", null))) {
            throw new IllegalStateException("the benchmark's token was not accepted");
        }
        run(authenticator, header, WARM_UP);
        long cpuBefore = THREADS.getCurrentThreadCpuTime();
        long calls = run(authenticator, header, MEASURED);
        double micros = (THREADS.getCurrentThreadCpuTime() - cpuBefore) / 1e3 / calls;
        report.add(String.format(
                Locale.ROOT,
                "| %s | %s | %,d | %.1f | %,.0f |",
                algorithm,
                remembered.equals("PT0S") ? "no" : "yes (" + remembered + ")",
                calls,
                micros,
                1e6 / micros));
    }

    private static long run(Authenticator authenticator, String header, Duration howLong) {
        long end = System.nanoTime() + howLong.toNanos();
        long calls = 0;
        while (System.nanoTime() < end) {
            for (int i = 0; i < 100; i++) {
                authenticator.principalOf(header);
            }
            calls += 100;
        }
        return calls;
    }

    private Map<String, String> keyFile(JWK key) throws Exception {
        Path file = dir.resolve(key.getKeyID() + ".json");
        Files.writeString(file, new JWKSet(key.toPublicJWK()).toString());
        return Map.of("innflow.auth.key-file", file.toString());
    }

    private static String token(String algorithm, JWSSigner signer) throws JOSEException {
        Instant now = Instant.now();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader(JWSAlgorithm.parse(algorithm)),
                new JWTClaimsSet.Builder()
                        .subject("guest-1")
                        .issuer("bench")
                        .audience("innflow")
                        .issueTime(Date.from(now))
                        .expirationTime(Date.from(now.plus(Duration.ofHours(1))))
                        .claim("role", "guest")
                        .build());
        jwt.sign(signer);
        return jwt.serialize();
    }
}
