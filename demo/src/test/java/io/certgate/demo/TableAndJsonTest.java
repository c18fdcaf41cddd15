package io.certgate.demo;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TableAndJsonTest {
    @Test
    void columnsAreAlignedAndSeparatedByTwoSpaces() {
        List<String> lines = new Table("client", "status", "principal")
                .row("admin", "200", "ada@demo.certgate.io")
                .row("untrusted", "-", "refused at TLS handshake")
                .lines("");
        assertEquals(List.of(
                "client     status  principal",
                "---------  ------  ------------------------",
                "admin      200     ada@demo.certgate.io",
                "untrusted  -       refused at TLS handshake"), lines);
        assertEquals(List.of("untrusted", "-", "refused at TLS handshake"), List.of(lines.get(3).split(" {2,}")));
    }

    @Test
    void aCellMayNotBreakTheColumns() {
        Table table = new Table("a", "b");
        assertThrows(IllegalArgumentException.class, () -> table.row("x  y", "z"));
        assertThrows(IllegalArgumentException.class, () -> table.row("", "z"));
        assertThrows(IllegalArgumentException.class, () -> table.row("x"));
    }

    @Test
    void readsTheSampleApplicationsAnswers() {
        Map<String, Object> json = Json.parseObject("""
                {"principal":"spiffe://demo.certgate.io/payments","authType":"CLIENT_CERT","roles":["payments"],
                 "outcome":null,"n":-1.5e2,"ok":true,"escaped":"a\\"b\\\\c\\u00e9\\n","empty":[],"nested":{"x":[1,{}]}}
                """);
        assertEquals("spiffe://demo.certgate.io/payments", json.get("principal"));
        assertEquals(List.of("payments"), json.get("roles"));
        assertEquals(null, json.get("outcome"));
        assertEquals(-150.0, json.get("n"));
        assertEquals(true, json.get("ok"));
        assertEquals("a\"b\\c\u00e9\n", json.get("escaped"));
        assertEquals(List.of(), json.get("empty"));
        assertEquals(Map.of("x", List.of(1.0, Map.of())), json.get("nested"));
    }

    @Test
    void refusesWhatIsNotOneObject() {
        for (String bad : List.of("", "[]", "{", "{\"a\":}", "{\"a\":1} x", "{a:1}", "{\"a\":\"\\q\"}")) {
            assertThrows(IllegalArgumentException.class, () -> Json.parseObject(bad), bad);
        }
    }
}
