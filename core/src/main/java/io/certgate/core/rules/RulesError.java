package io.certgate.core.rules;

/**
 * One error in a rules file, printed as {@code FILE:LINE:COLUMN: message}. Line and column are 1-based;
 * both are 0 for errors about the file as a whole (it cannot be read).
 */
public record RulesError(String file, int line, int column, String message) {
    @Override
    public String toString() {
        return line == 0 ? file + ": " + message : file + ":" + line + ":" + column + ": " + message;
    }
}
