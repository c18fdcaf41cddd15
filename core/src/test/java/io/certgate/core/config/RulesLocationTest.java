package io.certgate.core.config;

import io.certgate.core.rules.RulesError;
import io.certgate.core.rules.RulesException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A rules location is accepted only in normal form, so it cannot climb out of WEB-INF or hide where it leads. */
class RulesLocationTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/WEB-INF/../index.html | it has a '..' segment",
            "/WEB-INF/rules/../../x.rules | it has a '..' segment",
            "/WEB-INF/./certgate.rules | it has a '.' segment",
            "/WEB-INF//certgate.rules | it has an empty segment ('//')",
            "/WEB-INF/rules/ | it has a trailing '/'",
            "/WEB-INF/%2e%2e/x.rules | containers may decode or strip its '%'",
            "/WEB-INF/..;/x.rules | containers may decode or strip its ';'",
            "/WEB-INF/..\\x.rules | containers may decode or strip its '\\'",
            "/etc/certgate/../shadow | it has a '..' segment",
            "/etc/certgate/./a.rules | it has a '.' segment",
            "/etc//certgate/a.rules | it has an empty segment ('//')",
            "file:/etc/certgate/../a.rules | it has a '..' segment",
            "file:///etc/certgate/%2E%2E/a.rules | it has a '..' segment",
    })
    void aLocationThatIsNotInNormalFormIsRefusedSayingWhy(String location, String problem) {
        RulesException e = assertThrows(RulesException.class, () -> RulesLocation.parse(location, "/shop context-param certgate.rules"));
        assertEquals(List.of("/shop context-param certgate.rules: certgate.rules = '" + location + "' is not a normal path: "
                        + problem + "; write the path itself, without '.', '..' or empty segments (a path inside the web"
                        + " application stays below /WEB-INF/)"),
                e.errors().stream().map(RulesError::toString).toList());
    }

    @Test
    void aWebApplicationNamingAFileOutsideWebInfDoesNotStartAndTheFileIsNotRead() throws Exception {
        // A file the web application serves, which would be read as rules if the container resolved the '..'.
        Files.writeString(dir.resolve("public.rules"), "role admin when true\n");
        Files.createDirectories(dir.resolve("WEB-INF"));
        WebApplicationConfigurationTest.App app = new WebApplicationConfigurationTest.App(
                WebApplicationConfigurationTest.rulesParam("/WEB-INF/../public.rules"), dir, Map.of());
        RulesException e = assertThrows(RulesException.class,
                () -> ReloadingGate.forWebApplication(app, WebApplicationConfigurationTest.container(null)));
        assertEquals(1, e.errors().size());
        assertEquals("/shop context-param certgate.rules", e.errors().get(0).file());
    }

    @Test
    void aContainerDefaultThatIsNotInNormalFormIsAProblemOfTheContainerSettings() {
        ContainerSettings container = new ContainerSettings();
        container.setRules("/etc/certgate/../certgate.rules");
        assertEquals(List.of("certgate.rules = '/etc/certgate/../certgate.rules' is not a normal path: it has a '..' segment;"
                + " write the path itself, without '.', '..' or empty segments (a path inside the web application stays"
                + " below /WEB-INF/)"), container.problems());
    }

    @Test
    void normalLocationsAreAccepted() throws Exception {
        for (String ok : List.of("/WEB-INF/certgate.rules", "/WEB-INF/rules/app.rules", "/WEB-INF/a..b.rules",
                "/etc/certgate/app.rules", "file:/etc/certgate/app.rules", "file:///etc/certgate/app.rules")) {
            RulesLocation.parse(ok, "x");
        }
    }
}
