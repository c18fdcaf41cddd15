package io.certgate.core.files;

import io.certgate.core.testing.TestCertificate;
import io.certgate.core.testing.TestCrl;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** CRL files as the server and the command line read them: DER, every X509 CRL block of PEM, or base64. */
class CrlLoaderTest {
    private static TestCertificate ca;
    private static TestCrl first;
    private static TestCrl second;

    @BeforeAll
    static void pki() {
        ca = TestCertificate.builder().subject("CN=CRL loader CA").ca(0).build();
        TestCertificate other = TestCertificate.builder().subject("CN=other CA").ca(0).build();
        first = TestCrl.builder(ca).crlNumber(1).build();
        second = TestCrl.builder(other).crlNumber(2).build();
    }

    static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }

    private static List<String> hex(List<byte[]> crls) {
        return crls.stream().map(HexFormat.of()::formatHex).toList();
    }

    private static List<String> read(String text) throws FileFormatException {
        return hex(CrlLoader.read(text.getBytes(StandardCharsets.ISO_8859_1)));
    }

    private static String refused(String text) {
        return assertThrows(FileFormatException.class, () -> CrlLoader.read(text.getBytes(StandardCharsets.ISO_8859_1)))
                .where();
    }

    @Test
    void derIsOneCrl() throws Exception {
        assertEquals(hex(List.of(first.der())), hex(CrlLoader.read(first.der())));
    }

    @Test
    void pemGivesEveryCrlInFileOrder() throws Exception {
        assertEquals(hex(List.of(first.der(), second.der())), read(pem("X509 CRL", first.der()) + pem("X509 CRL", second.der())));
        assertEquals(hex(List.of(second.der(), first.der())), read(pem("X509 CRL", second.der()) + pem("X509 CRL", first.der())));
        assertEquals(hex(List.of(first.der(), second.der())), read("issuer CA\n" + pem("CERTIFICATE", ca.der())
                + pem("X509 CRL", first.der()) + "# next\n" + pem("X509 CRL", second.der()).replace("\n", "\r\n")));
    }

    @Test
    void base64WithoutPemLinesIsOneCrl() throws Exception {
        assertEquals(hex(List.of(first.der())), read(Base64.getMimeEncoder().encodeToString(first.der()) + "\n"));
        assertEquals("not a DER, PEM or base64 CRL", refused("not base64 at all\n"));
    }

    @Test
    void aBrokenCrlBlockRefusesTheFileNamingTheLine() {
        String good = pem("X509 CRL", first.der());
        int lines = good.split("\n").length;
        assertEquals("line " + (lines + 3) + ": the PEM block's base64 is invalid",
                refused(good + "-----BEGIN X509 CRL-----\nMIIB\n!!!!\n-----END X509 CRL-----\n"));
        assertEquals("line " + (lines + 1) + ": the X509 CRL block has no END line",
                refused(good + "-----BEGIN X509 CRL-----\nMIIB\n"));
    }

    @Test
    void aFileWithoutCrlBlocksSaysWhatItHolds() {
        assertEquals("holds no X509 CRL block, only CERTIFICATE (line 1)", refused(pem("CERTIFICATE", ca.der())));
        assertEquals("not a CRL: no complete PEM block", refused("-----BEGIN \u0001-----\n"));
        assertEquals("the file is empty; not a CRL file", assertThrows(FileFormatException.class,
                () -> CrlLoader.read(new byte[0])).getMessage());
    }
}
