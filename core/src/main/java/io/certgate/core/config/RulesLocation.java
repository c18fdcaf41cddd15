package io.certgate.core.config;

import io.certgate.core.rules.RulesError;
import io.certgate.core.rules.RulesException;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Where a web application's rules are, as written in the {@value #CONTEXT_PARAM} context-param or the
 * container's default: a path inside the web application starting with {@code /WEB-INF/}, an absolute file
 * system path, or a {@code file:} URL.
 *
 * @param value  the value as written
 * @param origin where the value was written, for messages
 * @param inWebApp whether the value names a file inside the web application
 * @param file   the file system path, or null for a path inside the web application
 */
public record RulesLocation(String value, String origin, boolean inWebApp, Path file) {
    /** The context-param that names a web application's rules. */
    public static final String CONTEXT_PARAM = "certgate.rules";

    /** The prefix of paths inside a web application; only {@code WEB-INF} is never served to clients. */
    public static final String WEB_INF = "/WEB-INF/";

    /**
     * Reads a location.
     *
     * @throws RulesException naming {@code origin} when the value is none of the accepted forms
     */
    public static RulesLocation parse(String value, String origin) throws RulesException {
        String v = value.strip();
        if (v.startsWith(WEB_INF)) {
            return new RulesLocation(v, origin, true, null);
        }
        try {
            if (v.toLowerCase(Locale.ROOT).startsWith("file:")) {
                return new RulesLocation(v, origin, false, Path.of(new URI(v)));
            }
            Path p = Path.of(v);
            if (p.isAbsolute()) {
                return new RulesLocation(v, origin, false, p);
            }
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw invalid(v, origin, e.getMessage());
        }
        throw invalid(v, origin, "a relative path");
    }

    private static RulesException invalid(String value, String origin, String problem) {
        return new RulesException(List.of(new RulesError(origin, 0, 0, CONTEXT_PARAM + " = '" + value + "' is "
                + problem + "; expected a path inside the web application starting with " + WEB_INF
                + ", an absolute path or a file: URL")));
    }

    @Override
    public String toString() {
        return value;
    }
}
