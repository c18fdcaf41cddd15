package io.certgate.core.cli;

import java.util.List;

/** Bad command-line usage or unreadable input: exit code 2 with a one-line message. */
final class UsageException extends Exception {
    UsageException(String message) {
        super(message);
    }

    /** The value after option {@code args[i - 1]}, or a usage error naming the command and the option. */
    static String value(List<String> args, int i, String command, String option) throws UsageException {
        if (i >= args.size()) {
            throw new UsageException(command + ": " + option + " needs a value");
        }
        return args.get(i);
    }
}
