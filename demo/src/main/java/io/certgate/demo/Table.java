package io.certgate.demo;

import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text table: a header line, a rule line, then one line per row, columns left-aligned and separated by
 * two spaces (so that a cell may hold single spaces and the table can still be read back by splitting on runs of
 * two or more).
 */
final class Table {
    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();

    Table(String... headers) {
        this.headers = List.of(headers);
    }

    /** Adds a row; it must have one cell per column, none blank. */
    Table row(String... cells) {
        if (cells.length != headers.size()) {
            throw new IllegalArgumentException("a row needs " + headers.size() + " cells, got " + cells.length);
        }
        for (String cell : cells) {
            if (cell == null || cell.isBlank() || cell.contains("  ")) {
                throw new IllegalArgumentException("a cell must be non-blank without double spaces: [" + cell + "]");
            }
        }
        rows.add(List.of(cells));
        return this;
    }

    /** The table's lines, each indented by {@code indent}. */
    List<String> lines(String indent) {
        int[] widths = new int[headers.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = headers.get(i).length();
            for (List<String> row : rows) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        List<String> out = new ArrayList<>();
        out.add(line(indent, headers, widths));
        List<String> rule = new ArrayList<>();
        for (int width : widths) {
            rule.add("-".repeat(width));
        }
        out.add(line(indent, rule, widths));
        for (List<String> row : rows) {
            out.add(line(indent, row, widths));
        }
        return out;
    }

    private static String line(String indent, List<String> cells, int[] widths) {
        StringBuilder out = new StringBuilder(indent);
        for (int i = 0; i < cells.size(); i++) {
            out.append(cells.get(i));
            if (i < cells.size() - 1) {
                out.append(" ".repeat(widths[i] - cells.get(i).length() + 2));
            }
        }
        return out.toString();
    }
}
