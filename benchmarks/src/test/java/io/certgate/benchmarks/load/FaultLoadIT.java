package io.certgate.benchmarks.load;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.util.List;

/**
 * The fault-and-load run ({@link FaultLoadRun}) against Jetty, then Tomcat. Sized by {@code load.certificates},
 * {@code load.clients} and {@code load.rounds}, its phases chosen by {@code load.full}: a smoke run of a few seconds,
 * bounded by its request count, in every build; every phase, larger, with the {@code load} profile (see
 * docs/benchmarks.md). Prints each run's summary table.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultLoadIT {

    @Test
    @Order(1)
    void jettyUnderLoadWhileTheResponderIsSlowDownAndBackAndTheRulesChange() throws Exception {
        check(FaultLoadRun.run("Jetty 12.1", JettyTarget::start, FaultLoadRun.Settings.fromSystemProperties()));
    }

    @Test
    @Order(2)
    void tomcatUnderLoadWhileTheResponderIsSlowDownAndBackAndTheRulesChange() throws Exception {
        check(FaultLoadRun.run("Tomcat 11", TomcatTarget::start, FaultLoadRun.Settings.fromSystemProperties()));
    }

    private static void check(FaultLoadRun.Result result) {
        System.out.println(LoadReport.table(result));
        assertEquals(List.of(), result.violations());
    }
}
