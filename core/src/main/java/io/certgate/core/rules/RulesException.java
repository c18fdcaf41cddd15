package io.certgate.core.rules;

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

    public List<RulesError> errors() {
        return errors;
    }
}
