package io.certgate.tomcat;

import org.apache.catalina.util.ServerInfo;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The embedded tests run twice, on Tomcat 11 and on Tomcat 10.1: this checks each run has the Tomcat it names. */
class TomcatVersionIT {
    @Test
    void theRunUsesTheTomcatItIsMeantFor() {
        assertEquals(System.getProperty("certgate.tomcat.expected-version"), ServerInfo.getServerNumber().replaceFirst("\\.0$", ""));
    }
}
