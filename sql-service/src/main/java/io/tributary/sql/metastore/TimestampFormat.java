package io.tributary.sql.metastore;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalQueries;
import java.util.Locale;

/**
 * A source's TIMESTAMP_FORMAT: a {@link DateTimeFormatter} pattern that turns its STRING timestamp column into
 * epoch milliseconds. Fields the pattern leaves out default to 1970-01-01 and midnight; a pattern without a zone
 * or offset reads the text as UTC.
 */
public final class TimestampFormat {

    private final String pattern;
    private final DateTimeFormatter formatter;

    private TimestampFormat(String pattern, DateTimeFormatter formatter) {
        this.pattern = pattern;
        this.formatter = formatter;
    }

    /** The compiled pattern; an {@link IllegalArgumentException} naming the problem when it is not one. */
    public static TimestampFormat of(String pattern) {
        return new TimestampFormat(pattern, DateTimeFormatter.ofPattern(pattern, Locale.ROOT));
    }

    /** Epoch milliseconds of the text; a {@link DateTimeParseException} when it does not match the pattern. */
    public long parse(String text) {
        TemporalAccessor parsed = formatter.parse(text);
        LocalDate date = parsed.query(TemporalQueries.localDate());
        LocalTime time = parsed.query(TemporalQueries.localTime());
        ZoneId zone = parsed.query(TemporalQueries.zone());
        return (date == null ? LocalDate.EPOCH : date).atTime(time == null ? LocalTime.MIDNIGHT : time)
                .atZone(zone == null ? ZoneOffset.UTC : zone).toInstant().toEpochMilli();
    }

    public String pattern() {
        return pattern;
    }

    /** Equal when the patterns are: a source's compiled format takes part in its equality. */
    @Override
    public boolean equals(Object other) {
        return other instanceof TimestampFormat format && format.pattern.equals(pattern);
    }

    @Override
    public int hashCode() {
        return pattern.hashCode();
    }
}
