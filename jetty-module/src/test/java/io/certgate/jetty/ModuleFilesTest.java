package io.certgate.jetty;

import io.certgate.core.config.ContainerSettings;
import io.certgate.core.config.SettingKey;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The jetty-home module offers every setting of rules files as a property, with its default in the ini-template. */
class ModuleFilesTest {
    static final Path BASE = Path.of("src/main/jetty-base");

    @Test
    void everySettingIsAPropertyOfTheModuleAndReachesTheSettingsBean() throws Exception {
        String mod = Files.readString(BASE.resolve("modules/certgate.mod"));
        String xml = Files.readString(BASE.resolve("etc/certgate.xml"));
        assertTrue(mod.contains("# certgate.rules="), "the ini-template documents certgate.rules");
        assertTrue(xml.contains("<Property name=\"certgate.rules\""), "etc/certgate.xml reads certgate.rules");
        for (String name : ContainerSettings.names()) {
            SettingKey key = SettingKey.byKey(name).orElseThrow();
            String shown = key.defaultText().startsWith("(") ? "" : key.defaultText();
            assertTrue(mod.contains("# certgate." + name + "=" + shown + "\n"), "ini-template line for " + name);
            assertTrue(xml.contains("<Arg>" + name + "</Arg><Arg><Property name=\"certgate." + name + "\" default=\"\"/></Arg>"),
                    "etc/certgate.xml passes certgate." + name);
        }
    }
}
