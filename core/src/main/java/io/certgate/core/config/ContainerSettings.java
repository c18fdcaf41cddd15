package io.certgate.core.config;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a container sets for all of its web applications: the default rules location (for web applications without
 * the {@value RulesLocation#CONTEXT_PARAM} context-param) and defaults for the settings of rules files, by their
 * names in rules files ({@code revocation.mode}, …); a rules file's own settings win. The Jetty module fills one from
 * its {@code certgate.*} properties, the Tomcat Realm and Valve from their attributes. Thread-safe.
 *
 * <p>Blank values are ignored, so that unset container properties keep the built-in defaults. Unknown names and
 * bad values are kept and reported by {@link #problems()} (and when a web application's configuration is built).
 */
public final class ContainerSettings {
    private final Map<String, String> values = Collections.synchronizedMap(new LinkedHashMap<>());
    private volatile String rules;
    private volatile Clock clock = Clock.systemUTC();

    /** The default rules location (an absolute path or a {@code file:} URL); blank for none. */
    public void setRules(String location) {
        this.rules = location == null || location.isBlank() ? null : location.strip();
    }

    /** The default rules location, or null. */
    public String getRules() {
        return rules;
    }

    /**
     * Sets a default for a setting of rules files; a blank value removes it.
     *
     * @return whether {@code name} is a setting of rules files
     */
    public boolean set(String name, String value) {
        if (value == null || value.isBlank()) {
            values.remove(name);
        } else {
            values.put(name, value.strip());
        }
        return SettingKey.byKey(name).isPresent();
    }

    /** The value set for a name, or null. */
    public String get(String name) {
        return values.get(name);
    }

    /** The settings set so far, by name. */
    public Map<String, String> settings() {
        synchronized (values) {
            return Map.copyOf(values);
        }
    }

    /**
     * The clock decisions are judged by (certificate and revocation-answer validity, cache lifetimes): the system
     * clock unless a test or a simulation sets another before the web applications start.
     */
    public void setClock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The clock decisions are judged by. */
    public Clock clock() {
        return clock;
    }

    /**
     * Every unknown name and bad value set so far, the default rules location included, one sentence each; empty when
     * all is well.
     */
    public List<String> problems() {
        List<String> out = new ArrayList<>();
        String location = rules;
        if (location != null) {
            try {
                RulesLocation.parse(location, Configuration.CONTAINER);
            } catch (io.certgate.core.rules.RulesException e) {
                e.errors().forEach(error -> out.add(error.message()));
            }
        }
        Map<String, String> inOrder;
        synchronized (values) {
            inOrder = new LinkedHashMap<>(values);
        }
        // in the order they were set, as the container's configuration lists them
        inOrder.forEach((name, value) -> problem(name, value).ifPresent(out::add));
        return out;
    }

    /** What is wrong with a setting given by a container, if anything. */
    static Optional<String> problem(String name, String value) {
        Optional<SettingKey> key = SettingKey.byKey(name);
        if (key.isEmpty()) {
            return Optional.of("unknown setting '" + name + "'");
        }
        if (!key.get().inContainer()) {
            return Optional.of(name + " can only be set in a rules file");
        }
        return key.get().check(value);
    }

    /** The names of every setting a container can give, as rules files spell them. */
    public static List<String> names() {
        List<String> names = new ArrayList<>();
        for (SettingKey k : SettingKey.values()) {
            if (k.inContainer()) {
                names.add(k.key());
            }
        }
        return names;
    }

    @Override
    public String toString() {
        return "ContainerSettings{rules=" + rules + ", " + settings() + "}";
    }
}
