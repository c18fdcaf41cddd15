package io.certgate.core.identity;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpiffeIdAndIpTest {

    @ParameterizedTest
    @ValueSource(strings = {"spiffe://example.org", "spiffe://example.org/a", "spiffe://a-b_c.d/x/Y.z-_/1",
            "spiffe://example.org/ns/payments/sa/checkout"})
    void validSpiffeIds(String id) {
        assertEquals(id, SpiffeId.parse(id).toString());
    }

    @Test
    void trustDomainsHaveAtMost255Bytes() {
        String td = "a".repeat(255);
        assertEquals(td, SpiffeId.parse("spiffe://" + td + "/w").trustDomain());
        assertEquals(td, SpiffeId.parse("spiffe://" + td).trustDomain());
        assertEquals("SPIFFE ID trust domain longer than 255 bytes",
                assertThrows(IllegalArgumentException.class, () -> SpiffeId.parse("spiffe://a" + td + "/w")).getMessage());
        assertEquals("SPIFFE ID trust domain longer than 255 bytes",
                assertThrows(IllegalArgumentException.class, () -> SpiffeId.parse("spiffe://a" + td)).getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " => ", value = {
            "https://example.org/a => SPIFFE ID must start with 'spiffe://'",
            "SPIFFE://example.org/a => SPIFFE ID must start with 'spiffe://'",
            "spiffe:///a => SPIFFE ID has an empty trust domain",
            "spiffe://example.org:443/a => SPIFFE ID trust domain has character ':'; only lower-case letters, digits, '.', '-' and '_' are allowed",
            "spiffe://user@example.org/a => SPIFFE ID trust domain has character '@'; only lower-case letters, digits, '.', '-' and '_' are allowed",
            "spiffe://example.org/ => SPIFFE ID path has an empty segment or a trailing '/'",
            "spiffe://example.org//a => SPIFFE ID path has an empty segment or a trailing '/'",
            "spiffe://example.org/a/../b => SPIFFE ID path has a '..' segment",
            "spiffe://example.org/./b => SPIFFE ID path has a '.' segment",
            "spiffe://example.org/a?x=1 => SPIFFE ID path has character '?'; only letters, digits, '.', '-' and '_' are allowed",
            "spiffe://example.org/a#f => SPIFFE ID path has character '#'; only letters, digits, '.', '-' and '_' are allowed",
            "spiffe://example.org/a%20b => SPIFFE ID path has character '%'; only letters, digits, '.', '-' and '_' are allowed",
    })
    void invalidSpiffeIds(String id, String message) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, () -> SpiffeId.parse(id)).getMessage());
    }

    @ParameterizedTest
    @CsvSource({"10.0.0.1,10.0.0.1", "0.0.0.0,0.0.0.0", "::,::", "::1,::1", "2001:DB8:0:0:0:0:0:1,2001:db8::1",
            "2001:db8::0:1,2001:db8::1", "::ffff:10.0.0.1,::ffff:10.0.0.1",
            "::FFFF:c0a8:1,::ffff:192.168.0.1", "0:0:0:0:0:ffff:0:0,::ffff:0.0.0.0", "::ffff:0:1:2,::ffff:0:1:2",
            "::fffe:c0a8:1,::fffe:c0a8:1", "1::ffff:c0a8:1,1::ffff:c0a8:1", "::c0a8:1,::c0a8:1", "1:0:0:2:0:0:0:3,1:0:0:2::3", "fe80::1:2:3:4:5:6,fe80:0:1:2:3:4:5:6"})
    void ipLiterals(String literal, String canonical) {
        assertEquals(canonical, IpAddress.parse(literal).orElseThrow().toString());
    }

    @Test
    void ipv4MappedAddressesPrintTheirIpv4PartDottedButStayIpv6() {
        IpAddress mapped = IpAddress.of(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff,
                (byte) 192, (byte) 168, 0, 1}).orElseThrow();
        assertEquals("::ffff:192.168.0.1", mapped.toString());
        assertEquals(mapped, IpAddress.parse(mapped.toString()).orElseThrow());
        assertTrue(!mapped.isV4() && !mapped.equals(IpAddress.parse("192.168.0.1").orElseThrow()));
        assertEquals("::ffff:192.168.0.0/120", IpRange.parse("::ffff:192.168.0.0/120").orElseThrow().toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1.2.3", "1.2.3.4.5", "256.0.0.1", "01.2.3.4", "1.2.3.-4", "::1::", "1:2:3:4:5:6:7:8:9",
            "12345::", "g::", "1:2:3:4:5:6:7", ":1::", "example.org", "1.2.3.4/8"})
    void badIpLiterals(String literal) {
        assertTrue(IpAddress.parse(literal).isEmpty(), literal);
    }

    @ParameterizedTest
    @CsvSource({"10.0.0.0/8,10.255.1.1,true", "10.0.0.0/8,11.0.0.1,false", "0.0.0.0/0,1.2.3.4,true",
            "0.0.0.0/0,::1,false", "10.1.2.3,10.1.2.3,true", "192.168.0.0/23,192.168.1.200,true",
            "192.168.0.0/23,192.168.2.1,false", "2001:db8::/32,2001:db8:ffff::1,true", "::ffff:0:0/96,10.0.0.1,false"})
    void ranges(String cidr, String address, boolean inside) {
        assertEquals(inside, IpRange.parse(cidr).orElseThrow().contains(IpAddress.parse(address).orElseThrow()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.1/8", "10.0.0.0/33", "10.0.0.0/", "10.0.0.0/08", "::1/129", "x/8"})
    void badRanges(String cidr) {
        assertTrue(IpRange.parse(cidr).isEmpty(), cidr);
    }
}
