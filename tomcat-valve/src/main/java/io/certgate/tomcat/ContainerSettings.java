package io.certgate.tomcat;

import io.certgate.core.config.SettingKey;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The attributes of a certgate Realm or Valve element: {@code rules} (the default rules location) and any setting
 * of the rules file by its own name, such as {@code revocation.mode="crl"}. Tomcat's digester hands attributes that
 * have no setter to {@code setProperty(name, value)}, which lands here; everything is checked at start so that a
 * misspelt attribute stops the component instead of being ignored. Thread-safe.
 */
final class ContainerSettings {
    private final String element;
    private final Map<String, String> values = Collections.synchronizedMap(new LinkedHashMap<>());
    private volatile String rules;

    ContainerSettings(String element) {
        this.element = element;
    }

    void rules(String location) {
        this.rules = location;
    }

    /** The default rules location, or null. */
    String rules() {
        return rules;
    }

    /** Records an attribute; true when it names a setting (Tomcat warns on false). */
    boolean set(String name, String value) {
        values.put(name, value);
        return SettingKey.byKey(name).isPresent();
    }

    String get(String name) {
        return values.get(name);
    }

    /** The settings, by name, as written. */
    Map<String, String> settings() {
        synchronized (values) {
            return Map.copyOf(values);
        }
    }

    /**
     * Checks every attribute.
     *
     * @throws IllegalArgumentException naming the element, each wrong attribute and what was expected
     */
    void check() {
        List<String> problems = new ArrayList<>();
        settings().forEach((name, value) -> {
            SettingKey key = SettingKey.byKey(name).orElse(null);
            if (key == null) {
                problems.add("unknown attribute '" + name + "'; expected 'rules' or a setting of the rules file ("
                        + String.join(", ", settingNames()) + ")");
            } else if (key == SettingKey.PRINCIPAL) {
                problems.add("'principal' can only be set in a rules file");
            } else {
                key.check(value).ifPresent(problems::add);
            }
        });
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(element + ": " + String.join("; ", problems));
        }
    }

    private static List<String> settingNames() {
        List<String> names = new ArrayList<>();
        for (SettingKey k : SettingKey.values()) {
            if (k != SettingKey.PRINCIPAL) {
                names.add(k.key());
            }
        }
        return names;
    }
}
