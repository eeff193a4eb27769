package io.tributary.sql.engine;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A window bound written as text in a pull query: ISO-8601 with any trailing part left out
 * ({@code 2020-02-23T23:45:12.000}, {@code 2020-02-23T23:45}, {@code 2020-02-24T24}), then an optional offset
 * ({@code Z}, {@code -0100}, {@code +01:00}); missing parts are their smallest value and the zone is UTC.
 */
final class WindowBoundText {

    private static final Pattern TEXT = Pattern.compile("(\\d{4})(?:-(\\d{2})(?:-(\\d{2})(?:T(\\d{2})(?::(\\d{2})"
            + "(?::(\\d{2})(?:\\.(\\d{1,9}))?)?)?)?)?)?(Z|[+-]\\d{2}:?\\d{2})?");

    private WindowBoundText() {
    }

    static long epochMillis(String text) {
        Matcher m = TEXT.matcher(text.strip());
        if (!m.matches()) {
            throw new KsqlStatementException("Failed to parse timestamp '" + text
                    + "': Text '" + text + "' could not be parsed");
        }
        LocalDateTime time = LocalDateTime.of(Integer.parseInt(m.group(1)), number(m.group(2), 1),
                number(m.group(3), 1), 0, 0)
                .plusHours(number(m.group(4), 0))
                .plusMinutes(number(m.group(5), 0))
                .plusSeconds(number(m.group(6), 0));
        if (m.group(7) != null) {
            String fraction = (m.group(7) + "000000000").substring(0, 9);
            time = time.plusNanos(Long.parseLong(fraction));
        }
        ZoneOffset offset = ZoneOffset.UTC;
        if (m.group(8) != null && !m.group(8).equals("Z")) {
            String zone = m.group(8).replace(":", "");
            offset = ZoneOffset.ofHoursMinutes(Integer.parseInt(zone.substring(0, 3)),
                    (zone.charAt(0) == '-' ? -1 : 1) * Integer.parseInt(zone.substring(3)));
        }
        return time.toInstant(offset).toEpochMilli();
    }

    private static int number(String group, int absent) {
        return group == null ? absent : Integer.parseInt(group);
    }
}
