package io.certgate.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.Map;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.junit.jupiter.api.Test;

class TestOcspResponderTest {
    private static final TestCertificate CA = TestCertificate.builder().subject("CN=Responder Test CA").ca(0).build();

    @Test
    void countsEverySerialAskedAboutAsRequestsArrive() throws Exception {
        TestCertificate one = TestCertificate.builder().subject("CN=one").signedBy(CA).build();
        TestCertificate two = TestCertificate.builder().subject("CN=two").signedBy(CA).build();
        try (TestOcspResponder ocsp = TestOcspResponder.start(CA, Clock.systemUTC())) {
            ocsp.good(one.certificate());
            HttpClient http = HttpClient.newHttpClient();
            post(http, ocsp, one);
            post(http, ocsp, one, two);
            ocsp.mode(TestOcspResponder.Mode.HTTP_500);
            post(http, ocsp, two);

            BigInteger first = one.certificate().getSerialNumber();
            BigInteger second = two.certificate().getSerialNumber();
            assertEquals(3, ocsp.requests());
            assertEquals(2, ocsp.requestsFor(first));
            assertEquals(2, ocsp.requestsFor(second));
            assertEquals(0, ocsp.requestsFor(CA.certificate().getSerialNumber()));
            assertEquals(Map.of(first, 2, second, 2), ocsp.requestsBySerial());
        }
    }

    private static void post(HttpClient http, TestOcspResponder ocsp, TestCertificate... asked) throws Exception {
        OCSPReqBuilder request = new OCSPReqBuilder();
        for (TestCertificate c : asked) {
            request.addRequest(new CertificateID(new JcaDigestCalculatorProviderBuilder().build().get(CertificateID.HASH_SHA1),
                    new JcaX509CertificateHolder(CA.certificate()), c.certificate().getSerialNumber()));
        }
        http.send(HttpRequest.newBuilder(ocsp.uri()).header("Content-Type", "application/ocsp-request")
                .POST(HttpRequest.BodyPublishers.ofByteArray(request.build().getEncoded())).build(),
                HttpResponse.BodyHandlers.discarding());
    }
}
