package io.certgate.core.revocation;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Map;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.engines.RSAEngine;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.signers.PSSSigner;
import org.bouncycastle.crypto.util.DigestFactory;

/**
 * The signature algorithm of a CRL, and how to check a signature with it. Immutable and thread-safe.
 *
 * <p>So that a parsed CRL need not keep its (possibly tens of megabytes of) to-be-signed bytes, RSA PKCS#1 v1.5,
 * RSASSA-PSS and ECDSA signatures are verified against the digest computed while parsing ("pre-hashed"); only
 * EdDSA and DSA, which cannot be verified from a digest with the JDK, keep the whole tbsCertList. MD2 and MD5 are
 * refused; SHA-1 is accepted (CRLs of long-lived private PKIs still use it, and forging a CRL needs a chosen-prefix
 * collision on content the CA composes).
 */
final class CrlSignatureAlgorithm {
    enum Kind { RSA_PKCS1, RSA_PSS, ECDSA, WHOLE_MESSAGE, UNSUPPORTED }

    private static final Map<String, String[]> RSA = Map.of(
            "1.2.840.113549.1.1.5", new String[] {"sha1WithRSAEncryption", "SHA-1"},
            "1.2.840.113549.1.1.14", new String[] {"sha224WithRSAEncryption", "SHA-224"},
            "1.2.840.113549.1.1.11", new String[] {"sha256WithRSAEncryption", "SHA-256"},
            "1.2.840.113549.1.1.12", new String[] {"sha384WithRSAEncryption", "SHA-384"},
            "1.2.840.113549.1.1.13", new String[] {"sha512WithRSAEncryption", "SHA-512"});
    private static final Map<String, String[]> EC = Map.of(
            "1.2.840.10045.4.1", new String[] {"ecdsa-with-SHA1", "SHA-1"},
            "1.2.840.10045.4.3.1", new String[] {"ecdsa-with-SHA224", "SHA-224"},
            "1.2.840.10045.4.3.2", new String[] {"ecdsa-with-SHA256", "SHA-256"},
            "1.2.840.10045.4.3.3", new String[] {"ecdsa-with-SHA384", "SHA-384"},
            "1.2.840.10045.4.3.4", new String[] {"ecdsa-with-SHA512", "SHA-512"});
    private static final Map<String, String[]> WHOLE = Map.of(
            "1.3.101.112", new String[] {"Ed25519", "Ed25519"},
            "1.3.101.113", new String[] {"Ed448", "Ed448"},
            "1.2.840.10040.4.3", new String[] {"dsa-with-SHA1", "SHA1withDSA"},
            "2.16.840.1.101.3.4.3.1", new String[] {"dsa-with-SHA224", "SHA224withDSA"},
            "2.16.840.1.101.3.4.3.2", new String[] {"dsa-with-SHA256", "SHA256withDSA"});
    private static final Map<String, String> HASHES = Map.of(
            "1.3.14.3.2.26", "SHA-1",
            "2.16.840.1.101.3.4.2.4", "SHA-224",
            "2.16.840.1.101.3.4.2.1", "SHA-256",
            "2.16.840.1.101.3.4.2.2", "SHA-384",
            "2.16.840.1.101.3.4.2.3", "SHA-512");
    private static final Map<String, String> HASH_OIDS = Map.of(
            "SHA-1", "1.3.14.3.2.26",
            "SHA-224", "2.16.840.1.101.3.4.2.4",
            "SHA-256", "2.16.840.1.101.3.4.2.1",
            "SHA-384", "2.16.840.1.101.3.4.2.2",
            "SHA-512", "2.16.840.1.101.3.4.2.3");
    private static final String PSS = "1.2.840.113549.1.1.10";
    private static final String MGF1 = "1.2.840.113549.1.1.8";

    private final Kind kind;
    private final String name;
    /** JCA digest name (pre-hashed kinds) or JCA signature name (WHOLE_MESSAGE). */
    private final String jcaName;
    private final String mgfDigest;
    private final int saltLength;
    private final String unsupportedReason;

    private CrlSignatureAlgorithm(Kind kind, String name, String jcaName, String mgfDigest, int saltLength,
                                  String unsupportedReason) {
        this.kind = kind;
        this.name = name;
        this.jcaName = jcaName;
        this.mgfDigest = mgfDigest;
        this.saltLength = saltLength;
        this.unsupportedReason = unsupportedReason;
    }

    /**
     * Reads an AlgorithmIdentifier; a well-formed but unknown or refused algorithm gives {@link Kind#UNSUPPORTED}
     * (the CRL parses, but no key verifies it).
     */
    static CrlSignatureAlgorithm parse(byte[] algorithmIdentifier) throws CrlFormatException {
        String what = "signatureAlgorithm";
        CrlDer.Reader r = CrlDer.single(algorithmIdentifier, CrlDer.SEQUENCE, what).children();
        r.next(CrlDer.OID, what + " algorithm");
        String oid = CrlDer.oid(r, what + " algorithm");
        boolean hasParams = r.hasMore();
        int paramsTag = -1;
        CrlDer.Reader params = null;
        if (hasParams) {
            r.next(what + " parameters");
            paramsTag = r.tag;
            params = r.children();
            if (paramsTag == CrlDer.NULL && r.length() != 0) {
                throw new CrlFormatException(what + ": NULL parameters with contents");
            }
        }
        r.end(what + " parameters");
        String[] rsa = RSA.get(oid);
        if (rsa != null) {
            if (hasParams && paramsTag != CrlDer.NULL) {
                throw new CrlFormatException(what + ": " + rsa[0] + " parameters must be NULL or absent");
            }
            return new CrlSignatureAlgorithm(Kind.RSA_PKCS1, rsa[0], rsa[1], null, 0, null);
        }
        String[] ec = EC.get(oid);
        if (ec != null) {
            if (hasParams) {
                throw new CrlFormatException(what + ": " + ec[0] + " must not have parameters");
            }
            return new CrlSignatureAlgorithm(Kind.ECDSA, ec[0], ec[1], null, 0, null);
        }
        String[] whole = WHOLE.get(oid);
        if (whole != null) {
            if (hasParams) {
                throw new CrlFormatException(what + ": " + whole[0] + " must not have parameters");
            }
            return new CrlSignatureAlgorithm(Kind.WHOLE_MESSAGE, whole[0], whole[1], null, 0, null);
        }
        if (oid.equals(PSS)) {
            if (!hasParams || paramsTag != CrlDer.SEQUENCE) {
                throw new CrlFormatException(what + ": RSASSA-PSS needs RSASSA-PSS-params");
            }
            return pss(params, what);
        }
        String reason = switch (oid) {
            case "1.2.840.113549.1.1.2" -> "md2WithRSAEncryption is not accepted";
            case "1.2.840.113549.1.1.4" -> "md5WithRSAEncryption is not accepted";
            default -> "signature algorithm " + oid + " is not supported";
        };
        return new CrlSignatureAlgorithm(Kind.UNSUPPORTED, oid, null, null, 0, reason);
    }

    private static CrlSignatureAlgorithm pss(CrlDer.Reader params, String what) throws CrlFormatException {
        String hash = "SHA-1";
        String mgf = "SHA-1";
        int salt = 20;
        if (params.nextIf(CrlDer.contextConstructed(0), what)) {
            hash = hashAlgorithm(params.children(), what + " hashAlgorithm");
        }
        if (params.nextIf(CrlDer.contextConstructed(1), what)) {
            CrlDer.Reader mgfId = params.children();
            mgfId.next(CrlDer.SEQUENCE, what + " maskGenAlgorithm");
            mgfId.end(what + " maskGenAlgorithm");
            CrlDer.Reader m = mgfId.children();
            m.next(CrlDer.OID, what + " maskGenAlgorithm");
            if (!CrlDer.oid(m, what).equals(MGF1)) {
                return new CrlSignatureAlgorithm(Kind.UNSUPPORTED, "RSASSA-PSS", null, null, 0,
                        "RSASSA-PSS with a mask generation function other than MGF1 is not supported");
            }
            m.next(CrlDer.SEQUENCE, what + " MGF1 hash");
            mgf = hashAlgorithm(new CrlDer.Reader(m.in, m.start, m.valueEnd), what + " MGF1 hash");
            m.end(what + " maskGenAlgorithm");
        }
        if (params.nextIf(CrlDer.contextConstructed(2), what)) {
            CrlDer.Reader s = params.children();
            s.next(CrlDer.INTEGER, what + " saltLength");
            salt = CrlDer.smallInt(s, what + " saltLength");
            s.end(what + " saltLength");
        }
        if (params.nextIf(CrlDer.contextConstructed(3), what)) {
            CrlDer.Reader t = params.children();
            t.next(CrlDer.INTEGER, what + " trailerField");
            if (CrlDer.smallInt(t, what + " trailerField") != 1) {
                throw new CrlFormatException(what + ": RSASSA-PSS trailerField must be 1");
            }
            t.end(what + " trailerField");
        }
        params.end("RSASSA-PSS-params");
        if (hash == null || mgf == null) {
            return new CrlSignatureAlgorithm(Kind.UNSUPPORTED, "RSASSA-PSS", null, null, 0,
                    "RSASSA-PSS with an unsupported hash algorithm");
        }
        return new CrlSignatureAlgorithm(Kind.RSA_PSS, "RSASSA-PSS/" + hash, hash, mgf, salt, null);
    }

    /** A hash AlgorithmIdentifier SEQUENCE (the reader's next element); null for an unknown hash. */
    private static String hashAlgorithm(CrlDer.Reader r, String what) throws CrlFormatException {
        r.next(CrlDer.SEQUENCE, what);
        r.end(what);
        CrlDer.Reader id = r.children();
        id.next(CrlDer.OID, what);
        String oid = CrlDer.oid(id, what);
        if (id.hasMore()) {
            id.next(CrlDer.NULL, what + " parameters");
            if (id.length() != 0) {
                throw new CrlFormatException(what + ": NULL parameters with contents");
            }
        }
        id.end(what);
        return HASHES.get(oid);
    }

    Kind kind() {
        return kind;
    }

    /** A name for messages, e.g. {@code sha256WithRSAEncryption}. */
    String name() {
        return name;
    }

    /** Why no key can verify this algorithm (UNSUPPORTED only). */
    String unsupportedReason() {
        return unsupportedReason;
    }

    /**
     * What the parsed CRL keeps for verification: the digest of {@code der[from, to)} for pre-hashed kinds, the
     * bytes themselves for {@link Kind#WHOLE_MESSAGE}, nothing for {@link Kind#UNSUPPORTED}.
     */
    byte[] signedData(byte[] der, int from, int to) {
        switch (kind) {
            case RSA_PKCS1, RSA_PSS, ECDSA -> {
                try {
                    MessageDigest md = MessageDigest.getInstance(jcaName);
                    md.update(der, from, to - from);
                    return md.digest();
                } catch (NoSuchAlgorithmException e) {
                    throw new IllegalStateException("the JDK lacks " + jcaName, e);
                }
            }
            case WHOLE_MESSAGE -> {
                return Arrays.copyOfRange(der, from, to);
            }
            default -> {
                return new byte[0];
            }
        }
    }

    /** Whether {@code signature} over the data that {@link #signedData} kept verifies with {@code key}. */
    boolean verify(PublicKey key, byte[] signedData, byte[] signature) {
        try {
            return switch (kind) {
                case RSA_PKCS1 -> key instanceof RSAPublicKey && verifyPkcs1((RSAPublicKey) key, signedData, signature);
                case RSA_PSS -> key instanceof RSAPublicKey && verifyPss((RSAPublicKey) key, signedData, signature);
                case ECDSA -> key instanceof ECPublicKey && verifyJca("NONEwithECDSA", key, signedData, signature);
                case WHOLE_MESSAGE -> verifyJca(jcaName, key, signedData, signature);
                case UNSUPPORTED -> false;
            };
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private boolean verifyPkcs1(RSAPublicKey key, byte[] digest, byte[] signature) throws GeneralSecurityException {
        // DigestInfo with NULL parameters (the DER form RFC 8017 prescribes), and without, which some signers emit.
        byte[] oid = CrlDer.tlv(CrlDer.OID, oidContent(HASH_OIDS.get(jcaName)));
        byte[] withNull = digestInfo(concat(oid, new byte[] {CrlDer.NULL, 0}), digest);
        if (verifyJca("NONEwithRSA", key, withNull, signature)) {
            return true;
        }
        return verifyJca("NONEwithRSA", key, digestInfo(oid, digest), signature);
    }

    private boolean verifyPss(RSAPublicKey key, byte[] digest, byte[] signature) {
        PSSSigner signer = PSSSigner.createRawSigner(new RSAEngine(), bcDigest(jcaName), bcDigest(mgfDigest),
                saltLength, PSSSigner.TRAILER_IMPLICIT);
        signer.init(false, new RSAKeyParameters(false, key.getModulus(), key.getPublicExponent()));
        signer.update(digest, 0, digest.length);
        return signer.verifySignature(signature);
    }

    private static boolean verifyJca(String algorithm, PublicKey key, byte[] data, byte[] signature)
            throws GeneralSecurityException {
        Signature verifier = Signature.getInstance(algorithm);
        verifier.initVerify(key);
        verifier.update(data);
        return verifier.verify(signature);
    }

    private static Digest bcDigest(String name) {
        return switch (name) {
            case "SHA-1" -> DigestFactory.createSHA1();
            case "SHA-224" -> DigestFactory.createSHA224();
            case "SHA-256" -> DigestFactory.createSHA256();
            case "SHA-384" -> DigestFactory.createSHA384();
            case "SHA-512" -> DigestFactory.createSHA512();
            default -> throw new IllegalArgumentException("no digest " + name);
        };
    }

    private static byte[] digestInfo(byte[] algorithmContent, byte[] digest) {
        return CrlDer.tlv(CrlDer.SEQUENCE, concat(CrlDer.tlv(CrlDer.SEQUENCE, algorithmContent),
                CrlDer.tlv(CrlDer.OCTET_STRING, digest)));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** The contents octets of a dotted OID. */
    private static byte[] oidContent(String dotted) {
        String[] arcs = dotted.split("\\.");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeArc(out, new BigInteger(arcs[0]).multiply(BigInteger.valueOf(40)).add(new BigInteger(arcs[1])));
        for (int i = 2; i < arcs.length; i++) {
            writeArc(out, new BigInteger(arcs[i]));
        }
        return out.toByteArray();
    }

    private static void writeArc(ByteArrayOutputStream out, BigInteger arc) {
        int groups = Math.max(1, (arc.bitLength() + 6) / 7);
        for (int g = groups - 1; g >= 0; g--) {
            int b = arc.shiftRight(7 * g).intValue() & 0x7f;
            out.write(g == 0 ? b : b | 0x80);
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
