package io.certgate.core.identity;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.certgate.core.CertGate;
import io.certgate.core.Decision;
import io.certgate.core.DenialReason;
import io.certgate.core.rules.RuleSet;
import io.certgate.core.rules.RulesException;
import io.certgate.core.testing.FuzzPki;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.logging.Level;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Any certificate the JDK accepts gives either a {@link ClientIdentity} or a {@link CertificateFormatException},
 * and {@link CertGate#decide} reaches a decision for it that is not an internal error; any bytes as a name give a
 * {@link DistinguishedName} or a {@link CertificateFormatException}. Seeds: {@code IdentityFuzzTestInputs/*}.
 */
class IdentityFuzzTest {
    private static final String RULES = """
            principal = spiffe-id, san.upn, san.email, subject.cn, subject.uid
            role a when subject.cn = "alice" and issuer = "CN=Fuzz CA"
            role b when san.dns matches "**.example.org" or san.email matches "*@ops.example.org"
            role c when subject.cn ~ "(?i)al[a-z]+" or spiffe-id.path matches "/ns/*/sa/*"
            role d when san.ip in "10.0.0.0/8" or san.ip in "2001:db8::/32" or serial in ("1f3a", "02")
            role e when eku = "1.3.6.1.5.5.7.3.2" and not policy = "1.3.6.1.4.1.99999.1"
            role f when present san.dirname or present san.rid or present san.other.1.2.3 or subject.2.5.4.3 = "x"
            role g when spki = "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=" or issuer.o in ("Example", "Other")
            role h when fingerprint = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
            """;
    /** Held: java.util.logging keeps loggers weakly, and an audit line per input would only slow the fuzzer. */
    private static final Logger AUDIT = Logger.getLogger(CertGate.AUDIT_LOGGER);
    private static final CertGate GATE = gate();
    private static final byte[] TEMPLATE = FuzzPki.LEAF.der();

    /** Arbitrary bytes as a DER certificate. */
    @FuzzTest(maxDuration = "5m")
    void certificate(byte[] der) {
        decide(der);
    }

    /** The DER of a valid client certificate with a few bytes overwritten, most of which the JDK still reads. */
    @FuzzTest(maxDuration = "5m")
    void mutatedCertificate(FuzzedDataProvider data) {
        byte[] der = TEMPLATE.clone();
        int edits = data.consumeInt(1, 6);
        for (int i = 0; i < edits && data.remainingBytes() > 0; i++) {
            int at = data.consumeInt(0, der.length - 1);
            byte[] replacement = data.consumeBytes(data.consumeInt(1, 16));
            System.arraycopy(replacement, 0, der, at, Math.min(replacement.length, der.length - at));
        }
        decide(der);
    }

    /** Arbitrary bytes as a DER Name, as a certificate's subject or issuer field holds it. */
    @FuzzTest(maxDuration = "5m")
    void name(byte[] der) {
        DistinguishedName name;
        try {
            name = DistinguishedName.fromDer(der);
        } catch (CertificateFormatException e) {
            assertNotNull(e.getMessage());
            return;
        }
        String text = name.toString();
        for (AttributeValue value : name.attributes()) {
            assertNotNull(value.typeName());
        }
        if (!name.hasProblems()) {
            // Values with problems never match, not even themselves; any other name matches itself, and what
            // certgate prints of it reads back as the same name.
            assertTrue(name.matches(name), () -> "does not match itself: " + text);
            try {
                assertTrue(DistinguishedName.parse(text).matches(name), () -> "RFC 4514 form does not read back: " + text);
            } catch (NameSyntaxException e) {
                throw new AssertionError("RFC 4514 form cannot be read back: " + text + ": " + e.getMessage(), e);
            }
        }
    }

    private static void decide(byte[] der) {
        X509Certificate certificate;
        try {
            certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException e) {
            return; // the JDK refuses it: no TLS stack would hand it to certgate
        }
        boolean readable;
        try {
            ClientIdentity identity = ClientIdentity.of(certificate);
            assertNotNull(identity.toString());
            assertNotNull(identity.subject().toString());
            assertNotNull(identity.issuer().toString());
            readable = true;
        } catch (CertificateFormatException e) {
            assertNotNull(e.getMessage());
            readable = false;
        }
        Decision decision = GATE.decide(new X509Certificate[] {certificate, FuzzPki.CA.certificate()});
        if (decision instanceof Decision.Denied denied) {
            assertNotEquals(DenialReason.INTERNAL_ERROR, denied.reason(), denied.message());
            if (!readable) {
                assertEquals(DenialReason.UNREADABLE_CERTIFICATE, denied.reason(), denied.message());
            }
        } else {
            assertTrue(readable, "an unreadable certificate was authenticated");
        }
    }

    private static CertGate gate() {
        AUDIT.setLevel(Level.OFF);
        try {
            return CertGate.builder().rules(RuleSet.parse("fuzz.rules", RULES))
                    .clock(Clock.fixed(FuzzPki.NOW, ZoneOffset.UTC)).build();
        } catch (RulesException e) {
            throw new IllegalStateException(e);
        }
    }
}
