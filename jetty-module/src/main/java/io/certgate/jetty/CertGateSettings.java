package io.certgate.jetty;

import io.certgate.core.config.SettingKey;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The server-wide certgate settings: the rules used by web applications that do not name their own with the
 * {@code certgate.rules} context-param, and defaults for the settings of rules files (a rules file's own settings
 * win). The jetty-home module's {@code etc/certgate.xml} adds one to the {@code Server} as a bean from the
 * {@code certgate.*} properties; embedded servers add one with {@code server.addBean(settings)}.
 *
 * <p>Blank values are ignored, so that unset module properties keep the built-in defaults. Unknown setting names
 * are reported when a web application starts, with the rest of its configuration errors.
 */
public final class CertGateSettings {
    private volatile String rules;
    private final Map<String, String> settings = Collections.synchronizedMap(new LinkedHashMap<>());

    /** The default rules location: an absolute path or a {@code file:} URL; blank for none. */
    public void setRules(String rules) {
        this.rules = rules == null || rules.isBlank() ? null : rules.strip();
    }

    /** The default rules location, or null. */
    public String getRules() {
        return rules;
    }

    /**
     * Sets a default for a rules-file setting, by its name in rules files ({@code revocation.mode}, …); a blank
     * value removes it.
     */
    public void set(String key, String value) {
        if (value == null || value.isBlank()) {
            settings.remove(key);
        } else {
            settings.put(key, value.strip());
        }
    }

    /** The settings set so far, by name. */
    public Map<String, String> settings() {
        synchronized (settings) {
            return Map.copyOf(settings);
        }
    }

    /** The names of every setting that can be given here, as rules files spell them. */
    public static java.util.List<String> names() {
        return java.util.Arrays.stream(SettingKey.values()).filter(k -> k != SettingKey.PRINCIPAL).map(SettingKey::key).toList();
    }

    @Override
    public String toString() {
        return "CertGateSettings{rules=" + rules + ", " + settings() + "}";
    }
}
