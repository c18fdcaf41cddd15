package io.certgate.core.identity;

import io.certgate.core.testing.Prerequisites;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * RFC 5280 §7.1 name matching against the X.501 Name vectors of Chromium/BoringSSL's
 * {@code verify_name_match_unittest} (third-party data read from {@code ../shared/conformance/boringssl-names},
 * never copied into the project; the tests are skipped when the folder is absent).
 *
 * <p>Expectations are BoringSSL's, with one documented deviation: certgate decodes T61String (TeletexString) as
 * ISO 8859-1 and prepares it like every other string type, so a T61String value is case-insensitive,
 * whitespace-collapsing and comparable with PrintableString, UTF8String, BMPString and UniversalString values,
 * where BoringSSL compares T61String byte for byte and only with T61String. certgate also refuses control
 * characters in any value (see {@link StringPrep}), which makes the IA5String control-character cases never match.
 */
class BoringSslNameVectorsTest {

    private static final Path VECTORS = findVectors();

    private static final List<String> TYPES =
            List.of("PRINTABLESTRING", "T61STRING", "UTF8", "BMPSTRING", "UNIVERSALSTRING");
    private static final List<String> MANGLES = List.of("unmangled", "case_swap", "extra_whitespace");

    /** PrintableString characters besides letters and digits; certgate, like BoringSSL, also allows '*'. */
    private static final String PRINTABLE_PUNCTUATION = " '()*+,-./:=?";

    @BeforeAll
    static void requireVectors() {
        Prerequisites.require(VECTORS != null, "../shared/conformance/boringssl-names");
    }

    /**
     * The vectors folder, looked for as {@code shared/conformance/boringssl-names} beside or inside any ancestor
     * of the working directory (surefire runs in {@code core/}, an IDE perhaps in the project root).
     */
    private static Path findVectors() {
        return io.certgate.core.testing.Conformance.corpus("boringssl-names").orElse(null);
    }

    /** The DER in the {@code NAME} PEM block of {@code names/<name>.pem}. */
    private static byte[] der(String name) {
        Prerequisites.require(VECTORS != null, "../shared/conformance/boringssl-names");
        Path file = VECTORS.resolve("names").resolve(name + ".pem");
        String text;
        try {
            text = Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read vector " + file, e);
        }
        String begin = "-----BEGIN NAME-----";
        int from = text.indexOf(begin);
        int to = text.indexOf("-----END NAME-----");
        assertTrue(from >= 0 && to > from, "no NAME PEM block in " + file);
        return Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
    }

    private static DistinguishedName parse(byte[] der) {
        try {
            return DistinguishedName.fromDer(der);
        } catch (CertificateFormatException e) {
            return fail("expected a structurally valid name, got: " + e.getMessage());
        }
    }

    private static DistinguishedName load(String name) {
        try {
            return DistinguishedName.fromDer(der(name));
        } catch (CertificateFormatException e) {
            return fail(name + ": expected a structurally valid name, got: " + e.getMessage());
        }
    }

    private static Arguments pair(String a, String b, boolean matches) {
        return Arguments.of(a, b, matches);
    }

    /** {@code a ~ b} and {@code b ~ a}. */
    private static Stream<Arguments> bothWays(String a, String b, boolean matches) {
        return Stream.of(pair(a, b, matches), pair(b, a, matches));
    }

    // ---------------------------------------------------------------------------------------------
    // Pairwise expectations

    @ParameterizedTest(name = "{0} ~ {1}: {2}")
    @MethodSource({"structure", "normalization", "differingTypes", "unicode", "sortingAndMisc"})
    void matches(String a, String b, boolean expected) {
        DistinguishedName x = load(a);
        DistinguishedName y = load(b);
        assertEquals(expected, x.matches(y), a + " matches " + b);
    }

    /** Each value type and mangling: itself, extra attribute, extra RDN and duplicated attribute. */
    static Stream<Arguments> structure() {
        List<Arguments> out = new ArrayList<>();
        for (String type : TYPES) {
            for (String mangle : MANGLES) {
                String base = "ascii-" + type + "-" + mangle;
                String extraAttr = base + "-extra_attr";
                String extraRdn = base + "-extra_rdn";
                String dupeAttr = base + "-dupe_attr";
                out.add(pair(base, base, true));
                out.add(pair(extraAttr, extraAttr, true));
                out.add(pair(extraRdn, extraRdn, true));
                out.add(pair(dupeAttr, dupeAttr, true));
                bothWays(base, extraAttr, false).forEach(out::add);
                bothWays(dupeAttr, extraAttr, false).forEach(out::add);
                bothWays(base, extraRdn, false).forEach(out::add);
                // Not in BoringSSL's table, but RFC 5280 §7.1 says so: an RDN with the attribute twice is
                // not the RDN with it once.
                bothWays(base, dupeAttr, false).forEach(out::add);
            }
        }
        return out.stream();
    }

    /** Case insensitivity and whitespace collapsing, T61String included (certgate's deviation). */
    static Stream<Arguments> normalization() {
        return TYPES.stream().flatMap(type -> Stream.concat(
                bothWays("ascii-" + type + "-unmangled", "ascii-" + type + "-case_swap", true),
                bothWays("ascii-" + type + "-unmangled", "ascii-" + type + "-extra_whitespace", true)));
    }

    /** The same text in any two string types matches; T61String too (certgate's deviation). */
    static Stream<Arguments> differingTypes() {
        List<Arguments> out = new ArrayList<>();
        for (String a : TYPES) {
            for (String b : TYPES) {
                if (!a.equals(b)) {
                    out.add(pair("ascii-" + a + "-unmangled", "ascii-" + b + "-unmangled", true));
                }
            }
        }
        return out.stream();
    }

    static Stream<Arguments> unicode() {
        List<Arguments> out = new ArrayList<>();
        List<String> bmp = List.of("UTF8", "BMPSTRING", "UNIVERSALSTRING");
        for (String a : bmp) {
            for (String b : bmp) {
                out.add(pair("unicode_bmp-" + a + "-unmangled", "unicode_bmp-" + b + "-unmangled", true));
            }
        }
        List<String> supplementary = List.of("UTF8", "UNIVERSALSTRING");
        for (String a : supplementary) {
            for (String b : supplementary) {
                out.add(pair("unicode_supplementary-" + a + "-unmangled",
                        "unicode_supplementary-" + b + "-unmangled", true));
            }
        }
        bothWays("unicode-mixed-unnormalized", "unicode-mixed-normalized", true).forEach(out::add);
        return out.stream();
    }

    static Stream<Arguments> sortingAndMisc() {
        return Stream.of(
                bothWays("ascii-PRINTABLESTRING-rdn_sorting_1", "ascii-PRINTABLESTRING-rdn_sorting_2", true),
                bothWays("ascii-mixed-rdn_dupetype_sorting_1", "ascii-mixed-rdn_dupetype_sorting_2", true),
                Stream.of(pair("valid-Name-empty", "valid-Name-empty", true)),
                bothWays("valid-Name-empty", "ascii-PRINTABLESTRING-unmangled", false),
                Stream.of(pair("valid-minimal", "valid-minimal", true)),
                // A value of a non-string type ([0] { [PRIVATE 1] { [APPLICATION 2] } }) compares by encoding.
                Stream.of(pair("custom-custom-normalized", "custom-custom-normalized", true)))
                .flatMap(s -> s);
    }

    @Test
    void customNonStringValueHasNoTextAndNoProblem() {
        DistinguishedName name = load("custom-custom-normalized");
        AttributeValue value = name.attributes().get(0);
        assertEquals("1.2.840.113554.4.1.72585.1", value.type());
        assertTrue(value.text().isEmpty());
        assertTrue(value.problem().isEmpty());
        assertFalse(name.hasProblems());
    }

    // ---------------------------------------------------------------------------------------------
    // Invalid structures: certgate rejects every one of them in fromDer (it never returns a name that
    // merely fails to match itself).

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void invalidNamesAreRejectedByFromDer(String name, String message) {
        byte[] der = der(name);
        CertificateFormatException e =
                assertThrows(CertificateFormatException.class, () -> DistinguishedName.fromDer(der));
        assertEquals("invalid distinguished name: " + message, e.getMessage());
    }

    static Stream<Arguments> invalidNamesAreRejectedByFromDer() {
        return Stream.of(
                Arguments.of("invalid-AttributeTypeAndValue-extradata",
                        "AttributeTypeAndValue with 3 elements, expected 2"),
                Arguments.of("invalid-AttributeTypeAndValue-onlyOneElement",
                        "AttributeTypeAndValue with 1 element, expected 2"),
                Arguments.of("invalid-AttributeTypeAndValue-empty",
                        "AttributeTypeAndValue with 0 elements, expected 2"),
                Arguments.of("invalid-AttributeTypeAndValue-badAttributeType", "expected tag 0x6, found 0x13"),
                Arguments.of("invalid-AttributeTypeAndValue-setNotSequence", "expected tag 0x30, found 0x31"),
                Arguments.of("invalid-RDN-sequenceInsteadOfSet", "expected tag 0x31, found 0x30"),
                Arguments.of("invalid-RDN-empty", "empty relative distinguished name"),
                Arguments.of("invalid-Name-setInsteadOfSequence", "expected tag 0x30, found 0x31"));
    }

    // ---------------------------------------------------------------------------------------------
    // Undecodable values: structurally valid names whose value never matches, not even itself.

    static IntStream allBytes() {
        return IntStream.range(0, 256);
    }

    @ParameterizedTest(name = "PrintableString with byte 0x{0}")
    @MethodSource("allBytes")
    void printableStringCharacters(int c) {
        byte[] der = der("ascii-PRINTABLESTRING-unmangled");
        int at = indexOfOnce(der, "0123456789".getBytes(StandardCharsets.US_ASCII));
        der[at] = (byte) c;
        DistinguishedName name = parse(der);

        boolean allowed = (c < 0x80 && Character.isLetterOrDigit(c)) || PRINTABLE_PUNCTUATION.indexOf(c) >= 0;
        assertEquals(allowed, name.matches(name), "matches itself");
        assertEquals(!allowed, name.hasProblems(), "hasProblems");
    }

    @ParameterizedTest(name = "IA5String with byte 0x{0}")
    @MethodSource("allBytes")
    void ia5StringCharacters(int c) {
        byte[] der = der("ascii-mixed-rdn_dupetype_sorting_1");
        int at = indexOfOnce(der, "eXaMple".getBytes(StandardCharsets.US_ASCII));
        der[at] = (byte) c;
        DistinguishedName name = parse(der);

        // BoringSSL: any IA5 character (c <= 127) matches. certgate also refuses control characters.
        boolean control = c < 0x20 || c == 0x7f;
        boolean allowed = c <= 0x7f && !control;
        assertEquals(allowed, name.matches(name), "matches itself");
        assertEquals(!allowed, name.hasProblems(), "hasProblems");
        if (control) {
            AttributeValue dc = name.values("0.9.2342.19200300.100.1.25").stream()
                    .filter(v -> v.problem().isPresent()).findFirst().orElseThrow();
            assertEquals(String.format("IA5String value contains a control character U+%04X at offset 0", c),
                    dc.problem().orElseThrow());
        }
    }

    @Test
    void bmpStringWithSurrogatesNeverMatches() {
        byte[] der = der("unicode_bmp-BMPSTRING-unmangled");
        int at = indexOfOnce(der, new byte[] {0x67, 0x71, 0x4e, (byte) 0xac});
        byte[] surrogates = {(byte) 0xd8, 0x35, (byte) 0xdc, 0x00};
        System.arraycopy(surrogates, 0, der, at, surrogates.length);
        DistinguishedName name = parse(der);

        assertFalse(name.matches(name));
        assertTrue(name.hasProblems());
        AttributeValue locality = name.values("2.5.4.7").get(0);
        assertEquals("surrogate 0xd835 in a BMPString", locality.problem().orElseThrow());
        assertTrue(locality.text().isEmpty());
        // And it no longer matches the original.
        assertFalse(name.matches(load("unicode_bmp-BMPSTRING-unmangled")));
        assertFalse(load("unicode_bmp-BMPSTRING-unmangled").matches(name));
    }

    /** The index of the only occurrence of {@code needle} in {@code haystack}. */
    private static int indexOfOnce(byte[] haystack, byte[] needle) {
        int found = -1;
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            assertEquals(-1, found, "needle occurs more than once");
            found = i;
        }
        assertNotEquals(-1, found, "needle not found");
        return found;
    }
}
