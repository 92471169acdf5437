package io.innflow.streams.guest;

import io.innflow.streams.inventory.StoreKeys;

/**
 * Keys of the guest view: {@code principal|hotelId|id}. A principal may contain {@code |} (it carries
 * a token's subject), so a scan of one principal's prefix can also meet entries of a longer principal
 * that starts the same way: readers keep only values whose own {@code principal} is the one asked for.
 * Hotel ids and ids never contain {@code |}, so a key names one entry.
 */
public final class GuestKeys {

    private GuestKeys() {}

    public static String of(String principal, String hotelId, String id) {
        return principal + StoreKeys.SEPARATOR + hotelId + StoreKeys.SEPARATOR + id;
    }

    /** The first key a scan of {@code principal}'s entries reads from. */
    public static String from(String principal) {
        return principal + StoreKeys.SEPARATOR;
    }

    /** The last key a scan of {@code principal}'s entries reads to. */
    public static String to(String principal) {
        return StoreKeys.prefixEnd(principal);
    }
}
