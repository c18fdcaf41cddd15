package io.certgate.core.cli;

import io.certgate.core.testing.TestCertificate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The command line as a separate JVM under {@code LC_ALL=C}, whose character set is ASCII: the text output is
 * UTF-8 all the same, the JSON is ASCII, and a file name the locale cannot spell is a one-line usage error. File
 * names are passed as bytes through {@code printf}, whatever the test JVM's own locale.
 */
class CLocaleTest {
    @TempDir
    static Path dir;

    record Result(int exit, byte[] out, String err) {
        String outText() {
            return new String(out, StandardCharsets.UTF_8);
        }
    }

    @BeforeAll
    static void files() throws Exception {
        TestCertificate ca = TestCertificate.builder().subject("CN=CA").ca(0).build();
        Files.writeString(dir.resolve("bob.pem"), TestCertificate.builder().subject("CN=Bob Müller").signedBy(ca).build()
                .certificatePem());
        Files.writeString(dir.resolve("any.rules"), "principal = subject.cn\nrole any when true\n");
    }

    /** Runs the command line in {@link #dir} with {@code arguments}, a fragment of sh syntax. */
    static Result run(String arguments) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c",
                "exec \"$0\" -cp \"$1\" io.certgate.core.cli.Main " + arguments, java.toString(),
                System.getProperty("java.class.path"));
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("LC_") || k.equals("LANG") || k.equals("LANGUAGE")
                || k.equals("JAVA_TOOL_OPTIONS") || k.equals("_JAVA_OPTIONS") || k.equals("JDK_JAVA_OPTIONS"));
        env.put("LC_ALL", "C");
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process p = pb.directory(dir.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the command line did not end within 60 s: " + arguments);
        }
        return new Result(p.exitValue(), Files.readAllBytes(out), Files.readString(err, StandardCharsets.ISO_8859_1));
    }

    @Test
    void textOutputIsUtf8AndJsonIsAsciiUnderTheCLocale() throws Exception {
        Result text = run("explain --rules any.rules --cert bob.pem");
        assertEquals(0, text.exit(), text.err());
        assertTrue(text.outText().contains("principal  Bob Müller  (from subject.cn)"), text.outText());

        Result json = run("explain --rules any.rules --cert bob.pem --json");
        assertEquals(0, json.exit(), json.err());
        for (byte b : json.out()) {
            assertTrue(b >= 0, json.outText());
        }
        assertTrue(json.outText().contains("\"principal\": \"Bob M\\u00fcller\","), json.outText());
        assertTrue(json.outText().contains("\"subject.cn\": [\"Bob M\\u00fcller\"]"), json.outText());
    }

    @Test
    void whatCertgateLogsIsOneMessageLineOnStandardError() throws Exception {
        Files.writeString(dir.resolve("allow.rules"), "revocation.on-unknown = allow\nrole any when true\n");
        Result r = run("explain --rules allow.rules --cert bob.pem");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().startsWith("certgate: warning: revocation.on-unknown = allow for allow.rules"), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
    }

    @Test
    void aFileNameTheLocaleCannotSpellIsAOneLineUsageError() throws Exception {
        Result rules = run("explain --rules \"$(printf 'r\\303\\274.rules')\" --cert bob.pem");
        assertEquals(2, rules.exit(), rules.err());
        assertEquals(1, rules.err().lines().count(), rules.err());
        assertTrue(rules.err().startsWith("certgate: explain: --rules: cannot use the file name 'r"), rules.err());
        assertTrue(rules.err().contains("(is the locale's character set able to spell it?"), rules.err());
        assertFalse(rules.err().contains("Exception"), rules.err());

        Result cert = run("revocation --path \"$(printf 'c\\303\\251.pem')\"");
        assertEquals(2, cert.exit(), cert.err());
        assertEquals(1, cert.err().lines().count(), cert.err());
        assertTrue(cert.err().startsWith("certgate: revocation: --path: cannot use the file name 'c"), cert.err());
    }
}
