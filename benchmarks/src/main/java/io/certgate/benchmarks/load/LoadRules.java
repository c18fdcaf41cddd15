package io.certgate.benchmarks.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;

/**
 * The rules files of the load run: version 1 gives staff the roles {@code user, a, b}, version 2 {@code user, c}, so a
 * response shows which version decided it; the broken file in between would give {@code user, broken} if it were
 * ever applied. All have the same revocation settings, so a reload keeps the cached answers.
 */
final class LoadRules {
    static final Set<String> V1_ROLES = Set.of("user", "a", "b");
    static final Set<String> V2_ROLES = Set.of("user", "c");
    /** The line of {@link #broken} with the error. */
    static final int BROKEN_LINE = 4;

    private final String revocation;

    /**
     * @param timeout    {@code revocation.timeout}
     * @param maxEntries {@code revocation.cache.max-entries}
     */
    LoadRules(String timeout, int maxEntries) {
        this.revocation = "revocation.mode = ocsp\nrevocation.timeout = " + timeout
                + "\nrevocation.cache.max-entries = " + maxEntries + "\n";
    }

    String v1() {
        return "principal = subject.cn\nrole user when subject.ou = \"staff\"\nrole a when subject.ou = \"staff\"\n"
                + "role b when subject.ou = \"staff\"\n" + revocation;
    }

    String broken() {
        return "principal = subject.cn\nrole user when subject.ou = \"staff\"\nrole broken when subject.ou = \"staff\"\n"
                + "role oops when subject.cn = \"unterminated\n" + revocation;
    }

    String v2() {
        return "principal = subject.cn\nrole user when subject.ou = \"staff\"\nrole c when subject.ou = \"staff\"\n"
                + revocation;
    }

    /** Replaces {@code file} in one step, as docs/rules.md tells operators to: write beside it, then move over it. */
    static void replace(Path file, String content) throws IOException {
        Path next = file.resolveSibling(file.getFileName() + ".next");
        Files.writeString(next, content);
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The version digest certgate gives a content: the first 16 hex digits of its SHA-256. */
    static String digest(String content) {
        try {
            byte[] sha = MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
