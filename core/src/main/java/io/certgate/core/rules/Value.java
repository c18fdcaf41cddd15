package io.certgate.core.rules;

/** One textual value of an attribute: as the certificate says it, and in its comparison form. */
record Value(String raw, String canonical) {
}
