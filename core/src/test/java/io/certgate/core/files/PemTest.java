package io.certgate.core.files;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The PEM reader, table-driven: each text is read into its blocks, and each block shown as {@code LABEL@LINE=HEX} when
 * it decodes or {@code LABEL@LINE!line N: problem} when it does not.
 */
class PemTest {
    private static final byte[] ONE = HexFormat.of().parseHex("3003020101");
    private static final byte[] TWO = HexFormat.of().parseHex("3003020102");
    /** 60 bytes, so that its base64 takes two lines of 64 and 16 characters. */
    private static final byte[] LONG = new byte[60];

    static {
        for (int i = 0; i < LONG.length; i++) {
            LONG[i] = (byte) (0x30 + i);
        }
    }

    private static String b64(byte[] der) {
        return Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
    }

    private static String block(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + b64(der) + "\n-----END " + label + "-----\n";
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    static Stream<Arguments> cases() {
        String longBody = b64(LONG);
        return Stream.of(
                arguments("one block", block("CERTIFICATE", ONE), List.of("CERTIFICATE@1=" + hex(ONE))),
                arguments("labels are kept as written", block("X509 CRL", ONE) + block("PRIVATE KEY", TWO),
                        List.of("X509 CRL@1=" + hex(ONE), "PRIVATE KEY@4=" + hex(TWO))),
                arguments("several blocks in file order", block("X509 CRL", ONE) + block("X509 CRL", TWO),
                        List.of("X509 CRL@1=" + hex(ONE), "X509 CRL@4=" + hex(TWO))),
                arguments("garbage before, between and after blocks", "subject=CN=x\n\n" + block("CERTIFICATE", ONE)
                                + "issuer: -----not a line----- BEGIN\n" + block("CERTIFICATE", TWO) + "trailer\n",
                        List.of("CERTIFICATE@3=" + hex(ONE), "CERTIFICATE@7=" + hex(TWO))),
                arguments("CRLF line ends", (block("CERTIFICATE", ONE) + block("CERTIFICATE", LONG)).replace("\n", "\r\n"),
                        List.of("CERTIFICATE@1=" + hex(ONE), "CERTIFICATE@4=" + hex(LONG))),
                arguments("CR line ends", block("CERTIFICATE", ONE).replace("\n", "\r"), List.of("CERTIFICATE@1=" + hex(ONE))),
                arguments("no line end after END", block("CERTIFICATE", ONE).strip(), List.of("CERTIFICATE@1=" + hex(ONE))),
                arguments("indented lines and blank body lines",
                        "  -----BEGIN CERTIFICATE-----  \n\n  " + b64(ONE) + "  \n\n  -----END CERTIFICATE-----\n",
                        List.of("CERTIFICATE@1=" + hex(ONE))),
                arguments("a character outside base64, with its line",
                        "-----BEGIN CERTIFICATE-----\n" + longBody.substring(0, 64) + "\n" + "AA!A\n-----END CERTIFICATE-----\n",
                        List.of("CERTIFICATE@1!line 3: the PEM block's base64 is invalid")),
                arguments("data after padding", "-----BEGIN X509 CRL-----\nMAMCAQE=\nAAAA\n-----END X509 CRL-----\n",
                        List.of("X509 CRL@1!line 3: the PEM block's base64 is invalid")),
                arguments("a wrong length, named by its last line", "-----BEGIN X509 CRL-----\nMAMCAQEA\nB\n-----END X509 CRL-----\n",
                        List.of("X509 CRL@1!line 3: the PEM block's base64 is invalid")),
                arguments("a missing END line", "x\n-----BEGIN CERTIFICATE-----\n" + b64(ONE) + "\n",
                        List.of("CERTIFICATE@2!line 2: the CERTIFICATE block has no END line")),
                arguments("a missing END line before the next block",
                        "-----BEGIN X509 CRL-----\n" + b64(ONE) + "\n" + block("X509 CRL", TWO),
                        List.of("X509 CRL@1!line 1: the X509 CRL block has no END line", "X509 CRL@3=" + hex(TWO))),
                arguments("an END line of another label", "-----BEGIN CERTIFICATE-----\n" + b64(ONE) + "\n-----END X509 CRL-----\n",
                        List.of("CERTIFICATE@1!line 1: the CERTIFICATE block ends with END X509 CRL")),
                arguments("an END line without its dashes", "-----BEGIN X509 CRL-----\nAAAA\n-----END X509 CRL\n",
                        List.of("X509 CRL@1!line 1: the X509 CRL block has no END line")),
                arguments("an empty block", "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n",
                        List.of("CERTIFICATE@1!line 1: the CERTIFICATE block is empty")),
                arguments("a label with a control character is no BEGIN line", "-----BEGIN CERT\u0007-----\nMAMCAQE=\n",
                        List.of()),
                arguments("no PEM at all", "hello\n", List.of()),
                arguments("DER read as text has no block", new String(ONE, java.nio.charset.StandardCharsets.ISO_8859_1),
                        List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void readsBlocks(String name, String text, List<String> expected) {
        List<String> read = new ArrayList<>();
        for (Pem.Block b : Pem.blocks(text)) {
            String where = b.label() + "@" + b.line();
            try {
                read.add(where + "=" + hex(b.decode()));
            } catch (FileFormatException e) {
                read.add(where + "!" + e.where());
            }
        }
        assertEquals(expected, read);
    }
}
