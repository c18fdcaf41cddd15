package io.certgate.core.config;

import io.certgate.core.rules.RuleSet;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** docs/configuration.md lists every setting with its real default, and its example parses. */
class ConfigurationDocsTest {
    static final Path DOC = Path.of("..", "docs", "configuration.md");
    static final Pattern ROW = Pattern.compile("^\\| `([a-z.-]+)` \\| `([^`]*)` \\|");

    @Test
    void everySettingIsDocumentedWithItsDefault() throws Exception {
        List<String> documented = new ArrayList<>();
        for (String line : Files.readAllLines(DOC)) {
            Matcher m = ROW.matcher(line);
            if (m.find()) {
                SettingKey key = SettingKey.byKey(m.group(1)).orElseThrow(() -> new AssertionError("unknown setting in docs: " + line));
                assertEquals(key.defaultText(), m.group(2), "default of " + key.key());
                documented.add(key.key());
            }
        }
        assertEquals(java.util.Arrays.stream(SettingKey.values()).map(SettingKey::key).toList(), documented);
    }

    @Test
    void theExampleParses() throws Exception {
        String doc = Files.readString(DOC);
        int start = doc.indexOf("```\n# revocation settings in a rules file");
        String example = doc.substring(start + 4, doc.indexOf("```", start + 4));
        assertEquals(5, RuleSet.parse("example.rules", example).settings().size());
    }
}
