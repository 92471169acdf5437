package io.innflow.api.http;

import java.util.regex.Pattern;

/** Identifiers in paths and bodies: letters, digits, '-', '_' and '.', at most 64 characters. */
public final class Ids {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private Ids() {}

    public static String require(String field, String value) {
        if (value == null || value.isBlank()) {
            throw ApiException.badRequest(field + " is required");
        }
        if (!ID.matcher(value).matches()) {
            throw ApiException.badRequest(field + " must be 1-64 letters, digits, '.', '-' or '_'");
        }
        return value;
    }
}
