package io.certgate.core.cli;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads one command's arguments, strictly: an option is given at most once unless the command says it repeats, an
 * option's value is never another option ({@code --rules --json}), a file name is not empty and is one the JVM can
 * use. Every problem is a {@link UsageException} naming the command and the option.
 */
final class Options {
    private final String command;
    private final List<String> args;
    private final Set<String> seen = new HashSet<>();
    private int next;

    Options(String command, List<String> args) {
        this.command = command;
        this.args = List.copyOf(args);
    }

    /** Whether arguments are left. */
    boolean hasNext() {
        return next < args.size();
    }

    /** The next argument, an option to dispatch on. */
    String next() {
        return args.get(next++);
    }

    /** Whether the next argument exists and is an operand (does not start with {@code --}), as in {@code --path A B}. */
    boolean operandFollows() {
        return hasNext() && !args.get(next).startsWith("--");
    }

    /** Records {@code option}; a second time is a usage error. */
    void once(String option) throws UsageException {
        if (!seen.add(option)) {
            throw new UsageException(command + ": " + option + " given twice");
        }
    }

    /** The value after {@code option}: present, not empty, not an option. */
    String value(String option) throws UsageException {
        String v = raw(option);
        if (v.isEmpty()) {
            throw new UsageException(command + ": " + option + " needs a value");
        }
        return v;
    }

    /** The value after {@code option} as a file. */
    Path file(String option) throws UsageException {
        return path(option, raw(option));
    }

    private String raw(String option) throws UsageException {
        if (!hasNext()) {
            throw new UsageException(command + ": " + option + " needs a value");
        }
        String v = args.get(next++);
        if (v.startsWith("--")) {
            throw new UsageException(command + ": " + option + " needs a value, found option '" + Printable.of(v) + "'");
        }
        return v;
    }

    /** {@code name} as a path, or a usage error when it is empty or the JVM cannot use it as a file name. */
    Path path(String option, String name) throws UsageException {
        if (name.isEmpty()) {
            throw new UsageException(command + ": " + option + " needs a file name");
        }
        try {
            return Path.of(name);
        } catch (InvalidPathException e) {
            String why = name.indexOf('\0') >= 0 ? "a file name cannot hold a NUL character"
                    : "the JVM's file-name encoding, " + System.getProperty("sun.jnu.encoding", "the locale's")
                    + ", cannot represent it (is the locale's character set able to spell it? a UTF-8 locale such as"
                    + " C.UTF-8 is)";
            throw new UsageException(command + ": " + option + ": cannot use the file name '" + Printable.of(name)
                    + "': " + why);
        }
    }

    /**
     * The file names that follow {@code option} up to the next option, at least one.
     *
     * @param missing what the usage error says is needed when none follows, e.g. "at least one certificate file"
     */
    List<Path> paths(String option, String missing) throws UsageException {
        List<Path> out = new ArrayList<>();
        while (operandFollows()) {
            out.add(path(option, next()));
        }
        if (out.isEmpty()) {
            throw new UsageException(command + ": " + option + " needs " + missing);
        }
        return out;
    }

    /** The value of {@code option} as an ISO-8601 instant, or a usage error that shows the form. */
    Instant instant(String option) throws UsageException {
        String t = value(option);
        try {
            return Instant.parse(t);
        } catch (DateTimeParseException e) {
            throw new UsageException(command + ": " + option + " must be an ISO-8601 instant such as "
                    + "2026-01-31T12:00:00Z, not '" + Printable.of(t) + "'");
        }
    }
}
