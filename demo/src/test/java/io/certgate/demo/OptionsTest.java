package io.certgate.demo;

import io.certgate.demo.container.ContainerKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OptionsTest {
    static Options parse(String... args) throws UsageException {
        return Options.parse(List.of(args));
    }

    @Test
    void defaultsAreJettyOnFreePortsExitingAfterTheTable() throws UsageException {
        assertEquals(new Options(ContainerKind.JETTY, false, 0, 0, false), parse());
    }

    @Test
    void everyOptionInBothSpellings() throws UsageException {
        assertEquals(new Options(ContainerKind.TOMCAT, true, 8443, 8080, false),
                parse("--container", "tomcat", "--serve", "--port", "8443", "--responder-port", "8080"));
        assertEquals(new Options(ContainerKind.TOMCAT, false, 8443, 8080, false),
                parse("--container=TOMCAT", "--port=8443", "--responder-port=8080"));
        assertTrue(parse("--port", "1", "-h").help());
        assertTrue(parse("--help").help());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--container glassfish       | --container must be jetty or tomcat, not 'glassfish'",
            "--port                      | --port needs a value",
            "--port 0                    | --port must be a port number from 1 to 65535, not '0'",
            "--port 70000                | --port must be a port number from 1 to 65535, not '70000'",
            "--responder-port=x          | --responder-port must be a port number from 1 to 65535, not 'x'",
            "--port 9000 --responder-port 9000 | --port and --responder-port must differ, both are 9000",
            "--serve=yes                 | --serve takes no value: --serve=yes",
            "--verbose                   | unknown option '--verbose'",
    })
    void badCommandLinesAreRefusedWithAMessageNamingTheOption(String args, String message) {
        UsageException e = assertThrows(UsageException.class, () -> Options.parse(List.of(args.strip().split(" +"))));
        assertEquals(message, e.getMessage());
    }

    @Test
    void badUsageExitsWithTwoAndHelpWithZero() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(2, Main.run(List.of("--port", "x"), print(out), print(err)));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("certgate-demo: --port must be"), err.toString());
        assertEquals(0, Main.run(List.of("--help"), print(out), print(err)));
        String help = out.toString(StandardCharsets.UTF_8);
        assertTrue(help.startsWith("Usage: java -jar demo/target/certgate-demo.jar"), help);
        for (String option : List.of("--container", "--serve", "--port", "--responder-port", "--help", "changeit")) {
            assertTrue(help.contains(option), option);
        }
        assertFalse(help.contains("\t"));
    }

    private static PrintStream print(ByteArrayOutputStream out) {
        return new PrintStream(out, true, StandardCharsets.UTF_8);
    }
}
