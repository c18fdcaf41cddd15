package io.certgate.jetty;

import io.certgate.core.config.ContainerSettings;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The embedded server of docs/jetty.md compiles as written against Jetty 12.1 and certgate (core's
 * DocsSnippetsTest checks the other blocks of the manual; it cannot, because core has no Jetty on its class path).
 */
class JettyDocsTest {
    static final Path DOC = Path.of(System.getProperty("certgate.docs", "../docs"), "jetty.md");

    @TempDir
    Path dir;

    @Test
    void theEmbeddedJettyExampleCompiles() throws Exception {
        String doc = Files.readString(DOC);
        Matcher block = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(doc);
        assertTrue(block.find(), "docs/jetty.md has a java block");
        String source = block.group(1);
        assertTrue(source.contains("new ContainerSettings()") && source.contains("server.addBean(certgate)"), source);
        Matcher name = Pattern.compile("public (?:final )?class (\\w+)").matcher(source);
        assertTrue(name.find(), "the example is a whole class");
        Path file = Files.writeString(dir.resolve(name.group(1) + ".java"), source);
        String classPath = Stream.of(Server.class, WebAppContext.class, ContainerSettings.class, CertGateAuthenticatorFactory.class)
                .map(c -> {
                    try {
                        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
                    } catch (java.net.URISyntaxException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .collect(Collectors.joining(File.pathSeparator, "", File.pathSeparator)) + System.getProperty("java.class.path");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = javac.run(null, null, err, "-proc:none", "-cp", classPath, "-d", dir.toString(), file.toString());
        assertEquals(0, exit, "docs/jetty.md's embedded server does not compile:\n" + err.toString(StandardCharsets.UTF_8));
    }
}
