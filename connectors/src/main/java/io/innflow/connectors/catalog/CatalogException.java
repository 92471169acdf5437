package io.innflow.connectors.catalog;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Why a catalog use case could not be carried out, in the catalog's own terms. Each kind names the
 * problem with a slug ({@link #type()}) and, for a refusal of the change itself, a reason code
 * ({@link #reason()}, such as {@code HOTEL_NOT_FOUND}); the HTTP layer turns them into responses.
 */
public abstract sealed class CatalogException extends RuntimeException
        permits CatalogException.NotFound,
                CatalogException.Conflict,
                CatalogException.RuleViolated,
                CatalogException.Invalid,
                CatalogException.InvalidRows,
                CatalogException.Unavailable {

    /** The kinds, for an exhaustive switch where pattern matching over sealed types is not at hand. */
    public enum Kind {
        NOT_FOUND,
        CONFLICT,
        RULE_VIOLATED,
        INVALID,
        INVALID_ROWS,
        UNAVAILABLE
    }

    private final Kind kind;
    private final String type;
    private final String reason;

    private CatalogException(Kind kind, String type, String reason, String detail, Throwable cause) {
        super(detail, cause);
        this.kind = kind;
        this.type = Objects.requireNonNull(type, "type");
        this.reason = reason;
    }

    /** A refusal carrying a reason code; its slug is the code in kebab case. */
    private CatalogException(Kind kind, String reason, String detail) {
        this(kind, slug(reason), reason, detail, null);
    }

    public Kind kind() {
        return kind;
    }

    /** The slug naming the kind of problem, e.g. {@code hotel-not-found}, {@code invalid-request}. */
    public String type() {
        return type;
    }

    /** The reason code of a refused change ({@code HOTEL_EXISTS}); null for invalid input or an outage. */
    public String reason() {
        return reason;
    }

    /** What went wrong with this request. */
    public String detail() {
        return getMessage();
    }

    private static String slug(String reason) {
        return reason.toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The hotel, room type or other thing named does not exist. */
    public static final class NotFound extends CatalogException {
        public NotFound(String reason, String detail) {
            super(Kind.NOT_FOUND, reason, detail);
        }
    }

    /** The change collides with what exists, e.g. a taken hotel id. */
    public static final class Conflict extends CatalogException {
        public Conflict(String reason, String detail) {
            super(Kind.CONFLICT, reason, detail);
        }
    }

    /** The request is well formed but the change breaks a rule of the catalog. */
    public static final class RuleViolated extends CatalogException {

        public static final String CONSTRAINT_VIOLATED = "CONSTRAINT_VIOLATED";

        public RuleViolated(String reason, String detail) {
            super(Kind.RULE_VIOLATED, reason, detail);
        }
    }

    /** The request itself is not valid: a missing or malformed field, a body that cannot be read. */
    public static final class Invalid extends CatalogException {

        public static final String REQUEST = "invalid-request";
        public static final String UPLOAD_HEADER = "invalid-upload-header";

        public Invalid(String type, String detail) {
            super(Kind.INVALID, type, null, detail, null);
        }

        public static Invalid request(String detail) {
            return new Invalid(REQUEST, detail);
        }
    }

    /**
     * An upload of nights with invalid rows, none of which were applied.
     *
     * @see RowRejection
     */
    public static final class InvalidRows extends CatalogException {

        private final String format;
        private final int received;
        private final int rejected;
        private final List<RowRejection> rejections;

        public InvalidRows(String format, int received, int rejected, List<RowRejection> rejections) {
            super(
                    Kind.INVALID_ROWS,
                    "invalid-upload",
                    null,
                    rejected + " of " + received + " rows are invalid, so nothing was changed."
                            + (rejected < received
                                    ? " Fix them, or send ?partial=true to apply the valid rows only."
                                    : ""),
                    null);
            this.format = format;
            this.received = received;
            this.rejected = rejected;
            this.rejections = List.copyOf(rejections);
        }

        /** {@code csv} or {@code json}. */
        public String format() {
            return format;
        }

        public int received() {
            return received;
        }

        public int rejected() {
            return rejected;
        }

        /** The first rejected rows with their reasons. */
        public List<RowRejection> rejections() {
            return rejections;
        }
    }

    /** The catalog database cannot be reached right now; the same request may succeed shortly. */
    public static final class Unavailable extends CatalogException {
        public Unavailable(String detail, Throwable cause) {
            super(Kind.UNAVAILABLE, "unavailable", null, detail, cause);
        }
    }
}
