package io.certgate.core.config;

import io.certgate.core.cli.Main;
import io.certgate.core.rules.RuleSet;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/configuration.md lists every setting in one table, with its real default and range, where it can be set (rules file,
 * container, an option of {@code certgate revocation}), and its example parses.
 */
class ConfigurationDocsTest {
    static final Path DOC = Path.of("..", "docs", "configuration.md");
    static final Pattern ROW = Pattern.compile("^\\| `([a-zA-Z.-]+)` \\| `([^`]*)` \\| ([^|]*) \\| ([^|]*) \\| ([^|]*) \\| ([^|]*) \\|");
    /** Rows that are not settings of rules files: where the rules are, the valve's role, and Tomcat's opt-in. */
    static final List<String> NOT_SETTINGS = List.of("certgate.rules", "requiredRole", "trustForwardedCertificates");

    @Test
    void everySettingIsDocumentedWithItsDefaultAndWhereItCanBeSet() throws Exception {
        String help = help();
        List<String> documented = new ArrayList<>();
        for (String line : Files.readAllLines(DOC)) {
            Matcher m = ROW.matcher(line);
            if (!m.find()) {
                continue;
            }
            String name = m.group(1);
            String cli = m.group(6).strip();
            String range = m.group(3).strip();
            for (Matcher option = Pattern.compile("--[a-z-]+").matcher(cli); option.find(); ) {
                assertTrue(help.contains(option.group() + " "), name + ": " + option.group() + " is not an option of the command line");
            }
            if (NOT_SETTINGS.contains(name)) {
                assertTrue(SettingKey.byKey(name).isEmpty(), name + " is a setting of rules files now");
                assertEquals("—", m.group(4).strip(), name + " cannot be set in a rules file");
                assertEquals("—", range, name + " has no range");
                continue;
            }
            SettingKey key = SettingKey.byKey(name).orElseThrow(() -> new AssertionError("unknown setting in docs: " + line));
            assertEquals(key.defaultText(), m.group(2), "default of " + key.key());
            assertEquals(key.range().map(r -> "`" + r.min() + "` to `" + r.max() + "`").orElse("—"), range, "range of " + key.key());
            assertEquals(key.inRulesFile() ? "yes" : "—", m.group(4).strip(), "whether a rules file can set " + key.key());
            assertEquals(ContainerSettings.names().contains(key.key()) ? "yes" : "—", m.group(5).strip(),
                    "whether a container can set " + key.key());
            documented.add(key.key());
        }
        assertEquals(java.util.Arrays.stream(SettingKey.values()).map(SettingKey::key).toList(), documented);
    }

    @Test
    void theExampleParses() throws Exception {
        String doc = Files.readString(DOC);
        int start = doc.indexOf("```rules\n# revocation settings in a rules file");
        assertTrue(start >= 0, "the example is in configuration.md");
        String example = doc.substring(start + "```rules\n".length(), doc.indexOf("```", start + 4));
        assertEquals(5, RuleSet.parse("example.rules", example).settings().size());
    }

    static String help() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = Main.run(new String[] {"--help"}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertEquals(0, exit);
        return out.toString(StandardCharsets.UTF_8);
    }
}
