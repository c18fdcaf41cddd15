package io.certgate.core.rules;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads the bytes of a rules file, at most {@value #MAX_BYTES} of them: a rules file is text of a few kilobytes,
 * and a path that names something else (a device, a pipe, a huge file) must fail with a message, not exhaust the
 * heap.
 */
public final class RulesFile {
    /** The largest rules file certgate reads: 4 MiB. */
    public static final int MAX_BYTES = 4 << 20;

    private RulesFile() {
    }

    /** The file's bytes; an {@link IOException} when it cannot be read or is larger than {@link #MAX_BYTES}. */
    public static byte[] read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in);
        }
    }

    /** The stream's bytes up to its end; an {@link IOException} when there are more than {@link #MAX_BYTES}. */
    public static byte[] read(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(MAX_BYTES + 1);
        if (bytes.length > MAX_BYTES) {
            throw new IOException("larger than 4 MiB, which no rules file is");
        }
        return bytes;
    }
}
