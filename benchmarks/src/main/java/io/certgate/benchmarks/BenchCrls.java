package io.certgate.benchmarks;

import io.certgate.core.testing.TestCertificate;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Large signed CRLs for the benchmarks, written as DER directly: Bouncy Castle's {@code X509v2CRLBuilder} keeps an
 * ASN.1 object tree per entry, which for a million entries is slow and takes gigabytes. The output is an ordinary
 * v2 CRL as a CA would issue it: {@code ecdsa-with-SHA256}, the issuer's subject as issuer name, thisUpdate and
 * nextUpdate, authorityKeyIdentifier and cRLNumber, and one entry per serial in the order the CA revoked them
 * (revocation dates ascending, serials random), about 45 % of them with a reasonCode. The benchmarks check once
 * that certgate and the JDK's {@code CertificateFactory} both accept and verify it.
 */
final class BenchCrls {
    private static final byte[] ECDSA_WITH_SHA256 = {
        0x30, 0x0a, 0x06, 0x08, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x04, 0x03, 0x02};
    private static final byte[] REASON_CODE_OID = {0x06, 0x03, 0x55, 0x1d, 0x15};
    private static final byte[] AKI_OID = {0x06, 0x03, 0x55, 0x1d, 0x23};
    private static final byte[] CRL_NUMBER_OID = {0x06, 0x03, 0x55, 0x1d, 0x14};
    private static final String SKI = "2.5.29.14";

    /** CRLReason codes, one in 100 by share: none (no reasonCode extension) for 55 of them. */
    private static final int[] REASONS = new int[100];

    static {
        Arrays.fill(REASONS, -1);
        Arrays.fill(REASONS, 55, 70, 4);   // superseded
        Arrays.fill(REASONS, 70, 82, 5);   // cessationOfOperation
        Arrays.fill(REASONS, 82, 92, 1);   // keyCompromise
        Arrays.fill(REASONS, 92, 98, 3);   // affiliationChanged
        Arrays.fill(REASONS, 98, 100, 9);  // privilegeWithdrawn
    }

    /**
     * A generated CRL.
     *
     * @param der     the signed CertificateList
     * @param serials the listed serials' DER INTEGER contents, in CRL order
     * @param reasons the reasonCode of each entry, -1 when it has none
     * @param times   the revocation date of each entry, epoch seconds
     */
    record Generated(byte[] der, byte[][] serials, int[] reasons, long[] times) {
        int size() {
            return serials.length;
        }
    }

    private BenchCrls() {
    }

    /** A random positive serial of at most 16 bytes, like a CA's (and {@link TestCertificate}'s) default. */
    static BigInteger randomSerial(SplittableRandom random) {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        bytes[0] &= 0x7f;
        return new BigInteger(1, bytes);
    }

    /**
     * A CRL of {@code entries} random serials signed by {@code issuer} (an EC key), revoked over the year before
     * {@code thisUpdate}.
     */
    static Generated generate(TestCertificate issuer, int entries, long seed, Instant thisUpdate,
                              Instant nextUpdate) throws GeneralSecurityException {
        SplittableRandom random = new SplittableRandom(seed);
        byte[][] serials = new byte[entries][];
        int[] reasons = new int[entries];
        long[] times = new long[entries];
        long end = thisUpdate.getEpochSecond() - 60;
        long start = end - 365L * 24 * 3600;
        for (int i = 0; i < entries; i++) {
            serials[i] = randomSerial(random).toByteArray();
            reasons[i] = REASONS[random.nextInt(100)];
            times[i] = start + (end - start) * i / Math.max(1, entries);
        }

        Der revoked = new Der(entries * 48 + 64);
        byte[] time = new byte[13];
        long formatted = Long.MIN_VALUE;
        for (int i = 0; i < entries; i++) {
            if (times[i] != formatted) {
                utcTime(times[i], time);
                formatted = times[i];
            }
            byte[] serial = serials[i];
            int serialTlv = 2 + serial.length;
            int content = serialTlv + 15 + (reasons[i] >= 0 ? 14 : 0);
            revoked.header(0x30, content);
            revoked.header(0x02, serial.length).bytes(serial);
            revoked.header(0x17, 13).bytes(time);
            if (reasons[i] >= 0) {
                revoked.header(0x30, 12).header(0x30, 10).bytes(REASON_CODE_OID)
                        .header(0x04, 3).header(0x0a, 1).bytes(new byte[] {(byte) reasons[i]});
            }
        }

        byte[] keyId = subjectKeyId(issuer);
        Der aki = new Der(64);
        aki.header(0x30, AKI_OID.length + 2 + 2 + 2 + keyId.length).bytes(AKI_OID)
                .header(0x04, 2 + 2 + keyId.length).header(0x30, 2 + keyId.length).header(0x80, keyId.length)
                .bytes(keyId);
        Der number = new Der(16);
        number.header(0x30, CRL_NUMBER_OID.length + 5).bytes(CRL_NUMBER_OID).header(0x04, 3).header(0x02, 1)
                .bytes(new byte[] {1});
        int extensionsLength = aki.length() + number.length();

        byte[] issuerName = issuer.certificate().getSubjectX500Principal().getEncoded();
        byte[] thisTime = new byte[13];
        byte[] nextTime = new byte[13];
        utcTime(thisUpdate.getEpochSecond(), thisTime);
        utcTime(nextUpdate.getEpochSecond(), nextTime);
        long tbsContent = 3L + ECDSA_WITH_SHA256.length + issuerName.length + 15 + 15
                + Der.tlvLength(revoked.length()) + Der.tlvLength(Der.tlvLength(extensionsLength));
        Der tbs = new Der(Math.toIntExact(Der.tlvLength(tbsContent)));
        tbs.header(0x30, tbsContent)
                .bytes(new byte[] {0x02, 0x01, 0x01})
                .bytes(ECDSA_WITH_SHA256)
                .bytes(issuerName)
                .header(0x17, 13).bytes(thisTime)
                .header(0x17, 13).bytes(nextTime)
                .header(0x30, revoked.length()).bytes(revoked.buffer(), revoked.length())
                .header(0xa0, Der.tlvLength(extensionsLength)).header(0x30, extensionsLength)
                .bytes(aki.buffer(), aki.length()).bytes(number.buffer(), number.length());
        revoked = null;

        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(issuer.privateKey());
        signer.update(tbs.buffer(), 0, tbs.length());
        byte[] signature = signer.sign();

        long listContent = (long) tbs.length() + ECDSA_WITH_SHA256.length + Der.tlvLength(1 + signature.length);
        Der list = new Der(Math.toIntExact(Der.tlvLength(listContent)));
        list.header(0x30, listContent).bytes(tbs.buffer(), tbs.length()).bytes(ECDSA_WITH_SHA256)
                .header(0x03, 1 + signature.length).bytes(new byte[] {0}).bytes(signature);
        if (list.length() != list.buffer().length) {
            throw new IllegalStateException("CRL length miscomputed: " + list.length() + " != " + list.buffer().length);
        }
        return new Generated(list.buffer(), serials, reasons, times);
    }

    /** The issuer's subjectKeyIdentifier (the CRL's authorityKeyIdentifier). */
    private static byte[] subjectKeyId(TestCertificate issuer) {
        byte[] wrapped = issuer.certificate().getExtensionValue(SKI); // OCTET STRING { OCTET STRING keyId }
        if (wrapped == null || wrapped.length < 4 || wrapped[0] != 0x04 || wrapped[2] != 0x04) {
            throw new IllegalStateException("issuer without a short subjectKeyIdentifier");
        }
        return Arrays.copyOfRange(wrapped, 4, 4 + wrapped[3]);
    }

    /** UTCTime {@code YYMMDDHHMMSSZ} (years 1950–2049). */
    private static void utcTime(long epochSecond, byte[] out) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(epochSecond, 0, ZoneOffset.UTC);
        int[] parts = {t.getYear() % 100, t.getMonthValue(), t.getDayOfMonth(), t.getHour(), t.getMinute(),
            t.getSecond()};
        for (int i = 0; i < parts.length; i++) {
            out[2 * i] = (byte) ('0' + parts[i] / 10);
            out[2 * i + 1] = (byte) ('0' + parts[i] % 10);
        }
        out[12] = 'Z';
    }

    /** A growable DER output buffer. */
    static final class Der {
        private byte[] buffer;
        private int length;

        Der(int capacity) {
            this.buffer = new byte[Math.max(16, capacity)];
        }

        /** The size of a TLV whose contents take {@code contentLength} bytes. */
        static long tlvLength(long contentLength) {
            return 1 + lengthOctets(contentLength) + contentLength;
        }

        private static int lengthOctets(long length) {
            if (length < 0x80) {
                return 1;
            }
            int octets = (64 - Long.numberOfLeadingZeros(length) + 7) / 8;
            return 1 + octets;
        }

        Der header(int tag, long contentLength) {
            ensure(6);
            buffer[length++] = (byte) tag;
            if (contentLength < 0x80) {
                buffer[length++] = (byte) contentLength;
            } else {
                int octets = lengthOctets(contentLength) - 1;
                buffer[length++] = (byte) (0x80 | octets);
                for (int shift = (octets - 1) * 8; shift >= 0; shift -= 8) {
                    buffer[length++] = (byte) (contentLength >>> shift);
                }
            }
            return this;
        }

        Der bytes(byte[] bytes) {
            return bytes(bytes, bytes.length);
        }

        Der bytes(byte[] bytes, int count) {
            ensure(count);
            System.arraycopy(bytes, 0, buffer, length, count);
            length += count;
            return this;
        }

        private void ensure(int more) {
            if (length + more > buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.max(buffer.length + (buffer.length >> 1), length + more));
            }
        }

        byte[] buffer() {
            return buffer;
        }

        int length() {
            return length;
        }
    }
}
