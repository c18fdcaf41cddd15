package io.certgate.core.config;

import io.certgate.core.revocation.RevocationRuntime;
import org.junit.jupiter.api.AfterAll;
import io.certgate.core.CertGate;
import io.certgate.core.rules.RulesException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Finding a web application's rules: its context-param, the container's default, unpacked or packed. */
class WebApplicationConfigurationTest {
    /** Where revocation fetches, keeps CRLs and refreshes; ended after the last test. */
    static final RevocationRuntime RUNTIME = RevocationRuntime.create();

    @AfterAll
    static void endRuntime() {
        RUNTIME.close();
    }

    @TempDir
    Path dir;

    /** A web application whose files live under {@code root} (unpacked) or only as resources (packed). */
    record App(Map<String, String> params, Path root, Map<String, String> packed) implements WebApplication {
        @Override
        public String name() {
            return "/shop";
        }

        @Override
        public Optional<String> initParameter(String name) {
            return Optional.ofNullable(params.get(name));
        }

        @Override
        public Optional<Path> realPath(String path) {
            return root == null ? Optional.empty() : Optional.of(root.resolve(path.substring(1)));
        }

        @Override
        public Optional<InputStream> resource(String path) {
            String text = packed.get(path);
            return text == null ? Optional.empty() : Optional.of(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        }
    }

    static Map<String, String> rulesParam(String value) {
        Map<String, String> m = new HashMap<>();
        m.put(RulesLocation.CONTEXT_PARAM, value);
        return m;
    }

    static ContainerSettings container(String defaultRules) {
        ContainerSettings container = new ContainerSettings();
        container.setRules(defaultRules);
        return container;
    }

    String message(WebApplication app, String defaultRules) {
        RulesException e = assertThrows(RulesException.class, () -> Configuration.forWebApplication(app, container(defaultRules), RUNTIME));
        return e.errors().stream().map(Object::toString).reduce((a, b) -> a + "\n" + b).orElseThrow();
    }

    @Test
    void theContextParamNamesAFileInsideTheUnpackedWebApplication() throws Exception {
        Path rules = dir.resolve("WEB-INF/certgate.rules");
        Files.createDirectories(rules.getParent());
        Files.writeString(rules, "role admin when subject.cn = \"alice\"\n");
        CertGate gate = Configuration.forWebApplication(new App(rulesParam("/WEB-INF/certgate.rules"), dir, Map.of()), container(null), RUNTIME);
        assertEquals(rules.toString(), gate.rules().source());
    }

    @Test
    void aPackedWebApplicationIsReadAsAResourceAndRelativeFilesAreRefused() throws Exception {
        App app = new App(rulesParam("/WEB-INF/certgate.rules"), null, Map.of("/WEB-INF/certgate.rules", "role a when true\n"));
        assertEquals("/shop/WEB-INF/certgate.rules", Configuration.forWebApplication(app, container(null), RUNTIME).rules().source());

        App relative = new App(rulesParam("/WEB-INF/certgate.rules"), null,
                Map.of("/WEB-INF/certgate.rules", "role a when true\nrevocation.issuers = ca.pem\n"));
        assertEquals("/shop/WEB-INF/certgate.rules:2:22: revocation.issuers: the relative path ca.pem has no folder to start from"
                + " (the rules are inside a packed web application); use an absolute path", message(relative, null));
    }

    @Test
    void absolutePathsAndFileUrlsNameFilesOnTheServer() throws Exception {
        Path rules = Files.writeString(dir.resolve("server.rules"), "role a when true\n");
        assertEquals(rules.toString(), Configuration.forWebApplication(new App(rulesParam(rules.toString()), null, Map.of()), container(null), RUNTIME)
                .rules().source());
        assertEquals(rules.toString(), Configuration.forWebApplication(new App(rulesParam(rules.toUri().toString()), null, Map.of()), container(null), RUNTIME)
                .rules().source());
    }

    @Test
    void theContainerDefaultAppliesOnlyWithoutAContextParam() throws Exception {
        Path fallback = Files.writeString(dir.resolve("default.rules"), "role a when true\n");
        Path own = Files.writeString(dir.resolve("own.rules"), "role b when true\n");
        assertEquals(fallback.toString(), Configuration.forWebApplication(new App(Map.of(), null, Map.of()), container(fallback.toString()), RUNTIME)
                .rules().source());
        assertEquals(own.toString(), Configuration.forWebApplication(new App(rulesParam(own.toString()), null, Map.of()), container(fallback.toString()), RUNTIME)
                .rules().source());
    }

    @Test
    void missingRulesStopTheWebApplicationWithAClearMessage() {
        assertEquals("/shop: no rules: set the context-param certgate.rules in web.xml or the container's default certgate.rules",
                message(new App(Map.of(), null, Map.of()), null));
        assertEquals("/shop context-param certgate.rules: certgate.rules = 'rules/app.rules' is a relative path; expected a path inside"
                + " the web application starting with /WEB-INF/, an absolute path or a file: URL", message(new App(rulesParam("rules/app.rules"), null, Map.of()), null));
        assertTrue(message(new App(rulesParam("/WEB-INF/none.rules"), dir, Map.of()), null)
                .startsWith("/shop/WEB-INF/none.rules: cannot read the rules file: NoSuchFileException"));
    }

    @Test
    void aBrokenRulesFileIsReportedWithItsLineAndColumn() throws Exception {
        Path rules = Files.writeString(dir.resolve("broken.rules"), "role admin when subject.cn = \n");
        String m = message(new App(rulesParam(rules.toString()), null, Map.of()), null);
        assertTrue(m.startsWith(rules + ":1:"), m);
    }

    @Test
    void locationsAreClassified() throws Exception {
        assertTrue(RulesLocation.parse(" /WEB-INF/a.rules ", "x").inWebApp());
        RulesLocation file = RulesLocation.parse("/etc/certgate/a.rules", "x");
        assertFalse(file.inWebApp());
        assertEquals(Path.of("/etc/certgate/a.rules"), file.file());
    }
}
