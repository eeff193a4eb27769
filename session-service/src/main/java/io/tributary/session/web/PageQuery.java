package io.tributary.session.web;

import io.tributary.session.errors.KyuubiException;
import io.tributary.session.operations.FetchOrientation;
import java.util.Locale;

/**
 * The paging parameters of {@code rowset} and {@code log}. Parsed here, not by Spring, because Kyuubi answers 404
 * (not 400) to a non-numeric {@code maxrows} or an unknown {@code fetchorientation}, and clients expect that.
 */
record PageQuery(FetchOrientation orientation, int maxRows, Long offset) {

    private static final int DEFAULT_MAX_ROWS = 100;

    /** The raw query parameters, each null when absent. */
    static PageQuery of(String maxRows, String orientation, String offset) {
        return new PageQuery(orientation(orientation), maxRows(maxRows), offset(offset));
    }

    private static int maxRows(String text) {
        if (text == null || text.isBlank()) {
            return DEFAULT_MAX_ROWS;
        }
        int value;
        try {
            value = Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw KyuubiException.notFound("Invalid maxrows " + text + ": expected a number");
        }
        if (value < 0) {
            throw KyuubiException.invalid("maxrows must not be negative, got " + value);
        }
        return value;
    }

    private static FetchOrientation orientation(String text) {
        if (text == null || text.isBlank()) {
            return FetchOrientation.FETCH_NEXT;
        }
        try {
            return FetchOrientation.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw KyuubiException.notFound("Invalid fetchorientation " + text
                    + ": expected FETCH_NEXT, FETCH_FIRST or FETCH_PRIOR");
        }
    }

    private static Long offset(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            long value = Long.parseLong(text.trim());
            if (value < 0) {
                throw KyuubiException.invalid("offset must not be negative, got " + value);
            }
            return value;
        } catch (NumberFormatException e) {
            throw KyuubiException.invalid("Invalid offset " + text + ": expected a number");
        }
    }
}
