package io.certgate.core.rules;

import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A rules file that cannot be used: every error found in it, in file order. A file with any error is
 * rejected whole. The message lists one {@code FILE:LINE:COLUMN: message} per line.
 */
public final class RulesException extends Exception {
    private final List<RulesError> errors;

    public RulesException(List<RulesError> errors) {
        super(errors.stream().map(RulesError::toString).collect(Collectors.joining(System.lineSeparator())));
        this.errors = List.copyOf(errors);
    }

    /** A rules file (or resource) named {@code name} that could not be read at all. */
    public static RulesException unreadable(String name, IOException e) {
        return new RulesException(List.of(new RulesError(name, 0, 0, "cannot read the rules file: "
                + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()))));
    }

    public List<RulesError> errors() {
        return errors;
    }
}
