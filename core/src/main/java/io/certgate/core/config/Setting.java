package io.certgate.core.config;

import java.util.Objects;

/**
 * One setting as written, with where it was written, so later errors (a file that cannot be read) can name
 * the place.
 *
 * @param key    the setting
 * @param value  the value as written, already checked by {@link SettingKey#check}
 * @param source the file (or container configuration) it came from
 * @param line   1-based line, 0 when not from a file
 * @param column 1-based column of the value, 0 when not from a file
 */
public record Setting(SettingKey key, String value, String source, int line, int column) {
    public Setting {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(source, "source");
    }

    /** The typed value; see {@link SettingKey#parse}. */
    public Object parsed() {
        return key.parse(value);
    }
}
