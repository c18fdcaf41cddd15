package io.certgate.core.files;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one PEM reader (RFC 7468): finds the blocks of a text, each with its label and the line of its BEGIN, and
 * decodes a block only when its caller asks, so that a caller passes over the blocks it does not read (a private key
 * in a combined file) without their content mattering. Text outside blocks is ignored; lines may end in LF, CRLF or
 * CR. Decoding is strict: a block without its matching END line, a character outside the base64 alphabet, data after
 * padding, or a wrong length is an error that names the line. Labels are printable ASCII, so they are safe to repeat
 * in messages. Stateless.
 */
public final class Pem {
    // RFC 7468 labelchar: printable ASCII but '-', words joined by one space or hyphen
    private static final String LABEL = "([\\x21-\\x2c\\x2e-\\x7e]+(?:[ -][\\x21-\\x2c\\x2e-\\x7e]+)*)?";
    private static final Pattern BEGIN = Pattern.compile("-----BEGIN " + LABEL + "-----");
    private static final Pattern END = Pattern.compile("-----END " + LABEL + "-----");

    /**
     * One block: its label, the line of its BEGIN, its body lines and the line the body starts on, and what is wrong
     * with its framing (null when it ends with its own END line).
     */
    public static final class Block {
        private final String label;
        private final int line;
        private final List<String> body;
        private final int firstBodyLine;
        private final String framing;

        private Block(String label, int line, List<String> body, int firstBodyLine, String framing) {
            this.label = label;
            this.line = line;
            this.body = List.copyOf(body);
            this.firstBodyLine = firstBodyLine;
            this.framing = framing;
        }

        /** The label between {@code BEGIN } and the dashes, such as {@code CERTIFICATE} or {@code X509 CRL}. */
        public String label() {
            return label;
        }

        /** The line of the block's BEGIN, counted from 1. */
        public int line() {
            return line;
        }

        /**
         * The block's content.
         *
         * @throws FileFormatException when the block has no END line or another one, is empty, or its base64 is
         *                             invalid, naming the line
         */
        public byte[] decode() throws FileFormatException {
            if (framing != null) {
                throw new FileFormatException(line, framing);
            }
            StringBuilder all = new StringBuilder();
            boolean padded = false;
            int last = line;
            for (int i = 0; i < body.size(); i++) {
                String text = body.get(i).strip();
                int number = firstBodyLine + i;
                for (int k = 0; k < text.length(); k++) {
                    char c = text.charAt(k);
                    boolean alphabet = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
                            || c == '+' || c == '/';
                    if (!alphabet && c != '=' || alphabet && padded) {
                        throw new FileFormatException(number, "the PEM block's base64 is invalid");
                    }
                    padded |= c == '=';
                }
                if (!text.isEmpty()) {
                    last = number;
                }
                all.append(text);
            }
            if (all.length() == 0) {
                throw new FileFormatException(line, "the " + label + " block is empty");
            }
            try {
                return Base64.getDecoder().decode(all.toString());
            } catch (IllegalArgumentException e) {
                throw new FileFormatException(last, "the PEM block's base64 is invalid");
            }
        }
    }

    private Pem() {
    }

    /**
     * The blocks of {@code text} in order. A block without its END line ends where the next BEGIN line is (or the
     * text ends), and decoding it fails; the next block is read on its own.
     */
    public static List<Block> blocks(String text) {
        String[] lines = text.split("\r\n|\r|\n", -1);
        List<Block> out = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            Matcher begin = BEGIN.matcher(lines[i].strip());
            if (!begin.matches()) {
                continue;
            }
            String label = begin.group(1) == null ? "" : begin.group(1);
            List<String> body = new ArrayList<>();
            String framing = "the " + label + " block has no END line";
            int j = i + 1;
            for (; j < lines.length; j++) {
                Matcher end = END.matcher(lines[j].strip());
                if (end.matches()) {
                    String endLabel = end.group(1) == null ? "" : end.group(1);
                    framing = endLabel.equals(label) ? null : "the " + label + " block ends with END " + endLabel;
                    break;
                }
                if (BEGIN.matcher(lines[j].strip()).matches()) {
                    // a BEGIN before this block's END: the block is unterminated, and the next one is read on its own
                    j--;
                    break;
                }
                body.add(lines[j]);
            }
            out.add(new Block(label, i + 1, body, i + 2, framing));
            i = j;
        }
        return out;
    }
}
