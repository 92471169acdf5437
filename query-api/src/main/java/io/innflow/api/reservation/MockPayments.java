package io.innflow.api.reservation;

import io.innflow.schemas.reservation.PaymentAuthorization;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The mock payment provider, asked by the node that takes a booking request before it produces the
 * command: the guest's payment token becomes an authorization (or a decline), and only that travels
 * on. {@value #DECLINED_TOKEN} is always declined.
 */
public final class MockPayments {

    /** The token the mock provider always declines. */
    public static final String DECLINED_TOKEN = "tok_decline";

    private MockPayments() {}

    /**
     * The authorization of {@code token}. Its id is a fingerprint of the token, so a retry of the same
     * request produces the same command (and the request log answers it as a repeat).
     */
    public static PaymentAuthorization authorize(String token) {
        return new PaymentAuthorization("auth_" + fingerprint(token), !DECLINED_TOKEN.equals(token));
    }

    private static String fingerprint(String token) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] digest = sha.digest(("innflow-mock-payment|" + token).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
