package io.certgate.core.identity;

import io.certgate.core.rules.AttributeListing;
import io.certgate.core.rules.RuleSet;
import io.certgate.core.testing.TestCertificate;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.DERUTF8String;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The EV jurisdiction attributes (CA/Browser Forum EV Guidelines §9.2.4) go by the names openssl prints for them:
 * {@code jurisdictionC}, {@code jurisdictionST}, {@code jurisdictionL}, in rules and in printed names.
 */
class EvJurisdictionTest {
    static ClientIdentity ev;

    @BeforeAll
    static void certificate() throws Exception {
        TestCertificate ca = TestCertificate.builder().subject("CN=Example EV CA,O=Example").ca(0).build();
        byte[] subject = new DERSequence(new ASN1Encodable[] {
                rdn("1.3.6.1.4.1.311.60.2.1.3", new DERPrintableString("DE")),
                rdn("1.3.6.1.4.1.311.60.2.1.2", new DERUTF8String("Bayern")),
                rdn("1.3.6.1.4.1.311.60.2.1.1", new DERUTF8String("M\u00fcnchen")),
                rdn("2.5.4.15", new DERUTF8String("Private Organization")),
                rdn("2.5.4.3", new DERUTF8String("shop.example.de"))}).getEncoded();
        ev = ClientIdentity.of(TestCertificate.builder().subject(subject).signedBy(ca).build().certificate());
    }

    static DERSet rdn(String oid, ASN1Encodable value) {
        return new DERSet(new DERSequence(new ASN1Encodable[] {new ASN1ObjectIdentifier(oid), value}));
    }

    @Test
    void theJurisdictionAttributesArePrintedByName() {
        assertEquals("CN=shop.example.de,businessCategory=Private Organization,jurisdictionL=M\u00fcnchen,"
                + "jurisdictionST=Bayern,jurisdictionC=DE", ev.subject().toString());
        assertEquals(List.of("DE"), AttributeListing.of(ev).get("subject.jurisdictionc"));
    }

    @Test
    void rulesNameThemCaseInsensitivelyByShortOrLongNameOrOid() throws Exception {
        RuleSet rules = RuleSet.parse("ev.rules", """
                role c when subject.jurisdictionC = "de"
                role st when subject.JURISDICTIONST = "Bayern"
                role l when subject.jurisdictionLocalityName = "m\u00fcnchen"
                role long when subject.jurisdictionCountryName = "DE" and subject.jurisdictionStateOrProvinceName = "bayern"
                role oid when subject.1.3.6.1.4.1.311.60.2.1.3 = "DE"
                role other when subject.jurisdictionC = "FR"
                """);
        assertEquals(Set.of("c", "st", "l", "long", "oid"), rules.evaluate(ev).roles());
    }

    @Test
    void thePrintedSubjectPastesIntoARule() throws Exception {
        RuleSet rules = RuleSet.parse("ev.rules", "role same when subject = \"" + ev.subject() + "\"\n"
                + "role dn when subject = \"jurisdictionC=DE,jurisdictionST=Bayern,jurisdictionL=M\u00fcnchen,"
                + "businessCategory=Private Organization,CN=shop.example.de\"");
        assertEquals(Set.of("same"), rules.evaluate(ev).roles(), "RFC 4514 order is most specific first");
        assertEquals("1.3.6.1.4.1.311.60.2.1.3", AttributeType.oid("JurisdictionC").orElseThrow());
    }
}
