package io.certgate.core;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The map of attack classes in security.md names tests; each named test must exist in a module's test sources,
 * so the map cannot rot.
 */
class SecurityMapTest {
    static final Path ROOT = Path.of("..");
    static final Path SECURITY = ROOT.resolve("docs/security.md");
    static final String SECTION = "## Attack classes and the tests that show them";
    /** {@code `ClassTest#method`} or {@code `ClassIT.method`}, in backticks. */
    static final Pattern REFERENCE = Pattern.compile("`([A-Z][A-Za-z0-9]*(?:Test|IT))[#.]([a-zA-Z_][A-Za-z0-9_]*)`");

    record Reference(String className, String method) {
        @Override
        public String toString() {
            return className + "#" + method;
        }
    }

    static List<Reference> references(String text) {
        List<Reference> out = new ArrayList<>();
        Matcher m = REFERENCE.matcher(text);
        while (m.find()) {
            out.add(new Reference(m.group(1), m.group(2)));
        }
        return out;
    }

    /** The source files of test classes with this simple name, under any module's src/test/java. */
    static List<Path> testSources(String simpleName) throws IOException {
        List<Path> found = new ArrayList<>();
        try (Stream<Path> modules = Files.list(ROOT)) {
            for (Path tests : modules.map(m -> m.resolve("src/test/java")).filter(Files::isDirectory).toList()) {
                try (Stream<Path> files = Files.walk(tests)) {
                    files.filter(f -> f.getFileName().toString().equals(simpleName + ".java")).forEach(found::add);
                }
            }
        }
        return found;
    }

    static String problem(Reference r) {
        try {
            List<Path> sources = testSources(r.className());
            if (sources.isEmpty()) {
                return r + ": no test class " + r.className();
            }
            Pattern declaration = Pattern.compile("\\bvoid\\s+" + Pattern.quote(r.method()) + "\\s*\\(");
            for (Path source : sources) { // a simple name can be used by two modules (core's and Tomcat's RevocationIT)
                String text = Files.readString(source);
                if (declaration.matcher(text).find()) {
                    return null;
                }
            }
            return r + ": no method " + r.method() + " in " + sources;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void everyTestNamedInTheSecurityModelExists() throws IOException {
        String text = Files.readString(SECURITY);
        List<Reference> refs = references(text);
        assertTrue(refs.size() > 50, "the map names its tests: " + refs.size());
        List<String> problems = refs.stream().map(SecurityMapTest::problem).filter(p -> p != null).distinct().toList();
        assertEquals(List.of(), problems);
    }

    @Test
    void everyRowOfTheMapNamesATest() throws IOException {
        String text = Files.readString(SECURITY);
        int start = text.indexOf(SECTION);
        assertTrue(start >= 0, "security.md has the section " + SECTION);
        int end = text.indexOf("\n## ", start + SECTION.length());
        List<String> rows = text.substring(start, end < 0 ? text.length() : end).lines()
                .filter(l -> l.startsWith("| ") && !l.startsWith("| attack") && !l.startsWith("| ---"))
                .toList();
        assertTrue(rows.size() > 30, "rows: " + rows.size());
        assertEquals(List.of(), rows.stream().filter(r -> references(r).isEmpty()).toList(), "rows without a test");
    }

    @Test
    void aMissingClassOrMethodIsReported() {
        assertEquals("NoSuchTest#x: no test class NoSuchTest", problem(new Reference("NoSuchTest", "x")));
        String missing = problem(new Reference("SecurityMapTest", "noSuchMethod"));
        assertTrue(missing != null && missing.startsWith("SecurityMapTest#noSuchMethod: no method noSuchMethod in "),
                missing);
        assertEquals(null, problem(new Reference("SecurityMapTest", "aMissingClassOrMethodIsReported")));
    }
}
