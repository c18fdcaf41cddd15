package io.certgate.core.cli;

import java.util.Collection;
import java.util.Map;

/** A minimal JSON writer for the command line's {@code --json} output. */
final class Json {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Json() {
    }

    /** Writes maps, collections, strings, numbers, booleans and null; map keys are strings. */
    static String write(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value, 0);
        return sb.toString();
    }

    private static void write(StringBuilder sb, Object value, int indent) {
        if (value == null) {
            sb.append("null");
        } else if (value instanceof String s) {
            string(sb, s);
        } else if (value instanceof Number || value instanceof Boolean) {
            sb.append(value);
        } else if (value instanceof Map<?, ?> map) {
            if (map.isEmpty()) {
                sb.append("{}");
                return;
            }
            sb.append("{\n");
            int i = 0;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                pad(sb, indent + 2);
                string(sb, String.valueOf(e.getKey()));
                sb.append(": ");
                write(sb, e.getValue(), indent + 2);
                sb.append(++i < map.size() ? ",\n" : "\n");
            }
            pad(sb, indent);
            sb.append('}');
        } else if (value instanceof Collection<?> list) {
            if (list.isEmpty()) {
                sb.append("[]");
                return;
            }
            boolean simple = list.stream().allMatch(v -> !(v instanceof Map) && !(v instanceof Collection));
            sb.append(simple ? "[" : "[\n");
            int i = 0;
            for (Object v : list) {
                if (!simple) {
                    pad(sb, indent + 2);
                }
                write(sb, v, indent + 2);
                if (++i < list.size()) {
                    sb.append(simple ? ", " : ",\n");
                }
            }
            if (!simple) {
                sb.append('\n');
                pad(sb, indent);
            }
            sb.append(']');
        } else {
            string(sb, value.toString());
        }
    }

    private static void pad(StringBuilder sb, int n) {
        sb.append(" ".repeat(n));
    }

    /**
     * A JSON string literal in pure ASCII: every character outside printable ASCII (controls, DEL, and all
     * non-ASCII text, which covers format characters and line/paragraph separators) is written as a unicode
     * escape (backslash, {@code u}, four hex digits), a character beyond the Basic Multilingual Plane as the two
     * escapes of its surrogate pair. The output is thus the same valid JSON whatever character set the terminal or locale uses.
     */
    private static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c >= 0x7f) {
                        sb.append("\\u").append(HEX[c >> 12]).append(HEX[(c >> 8) & 0xf]).append(HEX[(c >> 4) & 0xf])
                                .append(HEX[c & 0xf]);
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
