package io.innflow.api.http;

import java.util.Locale;
import java.util.Optional;

/** What a caller is, as its verified token says; {@link #ANONYMOUS} when it sent no token. */
public enum Role {
    ANONYMOUS,
    GUEST,
    PARTNER,
    ADMIN;

    /** The role named by a token's role claim ({@code guest}, {@code partner}, {@code admin}). */
    public static Optional<Role> ofClaim(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "guest" -> Optional.of(GUEST);
            case "partner" -> Optional.of(PARTNER);
            case "admin" -> Optional.of(ADMIN);
            default -> Optional.empty();
        };
    }

    /** The value of the role claim that names this role. */
    public String claim() {
        return name().toLowerCase(Locale.ROOT);
    }
}
