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
 * system path, or a {@code file:} URL. Only normal forms are accepted: no {@code .} or {@code ..} segment, no empty
 * segment ({@code //}), no trailing {@code /}, and inside the web application no {@code \\}, {@code %} or {@code ;},
 * which containers may decode or strip before they resolve the path. So {@code /WEB-INF/../x} cannot name a file
 * the web application serves to clients, nor an absolute path hide where it leads.
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
            for (int i = 0; i < v.length(); i++) {
                char c = v.charAt(i);
                if (c == '\\' || c == '%' || c == ';' || c < 0x20 || c == 0x7f) {
                    throw abnormal(v, origin, "containers may decode or strip its '"
                            + (c < 0x20 || c == 0x7f ? String.format(Locale.ROOT, "\\u%04x", (int) c) : String.valueOf(c)) + "'");
                }
            }
            checkSegments(v, origin, v);
            return new RulesLocation(v, origin, true, null);
        }
        try {
            if (v.toLowerCase(Locale.ROOT).startsWith("file:")) {
                URI uri = new URI(v);
                Path p = Path.of(uri);
                checkSegments(v, origin, uri.getPath());
                return new RulesLocation(v, origin, false, p);
            }
            Path p = Path.of(v);
            if (p.isAbsolute()) {
                checkSegments(v, origin, v);
                return new RulesLocation(v, origin, false, p);
            }
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw invalid(v, origin, e.getMessage());
        }
        throw invalid(v, origin, "a relative path");
    }

    /** Refuses a path (absolute, {@code /}-separated) with a {@code .}, {@code ..} or empty segment. */
    private static void checkSegments(String value, String origin, String path) throws RulesException {
        String[] segments = path.substring(1).split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            String s = segments[i];
            if (s.equals("..") || s.equals(".")) {
                throw abnormal(value, origin, "it has a '" + s + "' segment");
            }
            if (s.isEmpty()) {
                throw abnormal(value, origin, "it has " + (i == segments.length - 1
                        ? "a trailing '/'" : "an empty segment ('//')"));
            }
        }
    }
    private static RulesException invalid(String value, String origin, String problem) {
        return new RulesException(List.of(new RulesError(origin, 0, 0, CONTEXT_PARAM + " = '" + value + "' is "
                + problem + "; expected a path inside the web application starting with " + WEB_INF
                + ", an absolute path or a file: URL")));
    }

    private static RulesException abnormal(String value, String origin, String problem) {
        return new RulesException(List.of(new RulesError(origin, 0, 0, CONTEXT_PARAM + " = '" + value
                + "' is not a normal path: " + problem + "; write the path itself, without '.', '..' or empty segments"
                + " (a path inside the web application stays below " + WEB_INF + ")")));
    }

    @Override
    public String toString() {
        return value;
    }
}
