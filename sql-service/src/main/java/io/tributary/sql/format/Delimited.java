package io.tributary.sql.format;

import java.util.ArrayList;
import java.util.List;

/** The DELIMITED format's lines: fields separated by a delimiter, double-quoted when they need it. */
final class Delimited {

    private Delimited() {
    }

    static List<String> split(String line, char delimiter) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"' && field.length() == 0) {
                quoted = true;
                wasQuoted = true;
            } else if (c == delimiter) {
                fields.add(wasQuoted || field.length() > 0 ? field.toString() : null);
                field.setLength(0);
                wasQuoted = false;
            } else {
                field.append(c);
            }
        }
        fields.add(wasQuoted || field.length() > 0 ? field.toString() : null);
        return fields;
    }

    static String join(List<String> fields, char delimiter) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                line.append(delimiter);
            }
            String field = fields.get(i);
            if (field == null) {
                continue;
            }
            boolean padded = !field.isEmpty() && (Character.isWhitespace(field.charAt(0))
                    || Character.isWhitespace(field.charAt(field.length() - 1)));
            if (padded || field.indexOf(delimiter) >= 0 || field.indexOf('"') >= 0 || field.indexOf('\n') >= 0) {
                line.append('"').append(field.replace("\"", "\"\"")).append('"');
            } else {
                line.append(field);
            }
        }
        return line.toString();
    }
}
