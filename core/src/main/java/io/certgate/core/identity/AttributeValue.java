package io.certgate.core.identity;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * One attribute of a distinguished name: its type (an OID) and its value as encoded, decoded and prepared
 * for comparison. A value that is not a character string, or one that cannot be decoded or contains
 * prohibited characters, has no {@link #text()} and so never matches a rule's string; its
 * {@link #problem()} says why.
 */
public final class AttributeValue {
    private final String type;
    private final int tag;
    private final byte[] encoded;
    private final String text;
    private final String prepared;
    private final String problem;
    private final String shown;

    private AttributeValue(String type, int tag, byte[] encoded, String text, String problem, String shown) {
        this.type = type;
        this.tag = tag;
        this.encoded = encoded;
        this.text = text;
        this.shown = shown;
        this.prepared = text == null ? null : StringPrep.prepare(text);
        this.problem = problem;
    }

    /** Builds a value from its DER encoding (tag, length and contents). */
    static AttributeValue decode(String type, Der.Tlv value) {
        int tag = value.tag();
        byte[] encoded = value.encoded();
        if (!DirectoryStrings.isStringTag(tag)) {
            return new AttributeValue(type, tag, encoded, null, null, null);
        }
        try {
            String text = DirectoryStrings.decode(tag, value.content());
            Optional<String> bad = StringPrep.prohibited(text);
            if (bad.isPresent()) {
                return new AttributeValue(type, tag, encoded, null,
                        DirectoryStrings.typeName(tag) + " value contains " + bad.get(), text);
            }
            return new AttributeValue(type, tag, encoded, text, null, text);
        } catch (DerException e) {
            return new AttributeValue(type, tag, encoded, null, e.getMessage(), null);
        }
    }

    /** A value given as text (in a rule); it is checked and prepared like a certificate's. */
    static AttributeValue ofText(String type, String text) {
        Optional<String> bad = StringPrep.prohibited(text);
        if (bad.isPresent()) {
            return new AttributeValue(type, Der.UTF8_STRING, new byte[0], null, "value contains " + bad.get(), text);
        }
        return new AttributeValue(type, Der.UTF8_STRING, new byte[0], text, null, text);
    }

    /** The attribute type as a dotted OID. */
    public String type() {
        return type;
    }

    /** The short name of the type ({@code CN}, {@code OU}, …) or its dotted OID. */
    public String typeName() {
        return AttributeType.displayName(type);
    }

    /** The decoded text, when the value is a valid character string usable for matching. */
    public Optional<String> text() {
        return Optional.ofNullable(text);
    }

    /** The text prepared for comparison ({@link StringPrep#prepare}), when there is text. */
    public Optional<String> prepared() {
        return Optional.ofNullable(prepared);
    }

    /** Why this value has no text although it is a string type, if so. */
    public Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    /** The ASN.1 type of the value, e.g. {@code UTF8String}, or {@code OCTET STRING} for a value that is no string. */
    public String encoding() {
        return DirectoryStrings.typeName(tag);
    }

    byte[] encodedValue() {
        return encoded;
    }

    boolean isText() {
        return text != null;
    }

    /**
     * RFC 5280 §7.1 equality: same type, and prepared texts equal, or for non-string values identical
     * encodings. A value with a problem never matches, not even itself.
     */
    boolean matches(AttributeValue other) {
        if (!type.equals(other.type) || problem != null || other.problem != null) {
            return false;
        }
        if (prepared != null && other.prepared != null) {
            return prepared.equals(other.prepared);
        }
        if (prepared == null && other.prepared == null && encoded.length > 0) {
            return Arrays.equals(encoded, other.encoded);
        }
        return false;
    }

    /** Whether {@link #matches} holds for an equal value: no problem, and text or a non-empty encoding. */
    boolean matchesItself() {
        return problem == null && (prepared != null || encoded.length > 0);
    }

    /** A key that orders values inside a multi-valued RDN independently of their encoding. */
    String sortKey() {
        if (prepared != null) {
            return type + "=s:" + prepared;
        }
        return type + "=b:" + Der.hex(encoded) + (problem == null ? "" : "!");
    }

    /**
     * The value in RFC 4514 form: escaped text (control characters as {@code \XX}), or {@code #hex} of the
     * encoding when it is not a decodable string.
     */
    @Override
    public String toString() {
        return typeName() + "=" + valueString();
    }

    String valueString() {
        // RFC 4514 §2.4: a type written as a dotted OID has its value as # and the hex of its encoding, as
        // X500Principal.getName() and openssl -nameopt RFC2253 print it.
        boolean dotted = typeName().equals(type);
        return shown != null && !dotted ? Rfc4514.escape(shown) : "#" + Der.hex(encoded);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AttributeValue v && type.equals(v.type) && tag == v.tag
                && Arrays.equals(encoded, v.encoded) && Objects.equals(text, v.text);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, tag, Arrays.hashCode(encoded), text);
    }
}
