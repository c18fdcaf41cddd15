package io.certgate.core.rules;

/**
 * How one test of a rule's condition came out for one identity, for {@code explain}.
 *
 * @param test   the test as written in rules syntax, e.g. {@code subject.cn = "alice"}
 * @param result whether the test held; {@link Truth#UNKNOWN} when the attribute has a value certgate could not
 *               read and the readable values do not decide the test
 * @param detail the values that decided it, e.g. {@code matched "alice"} or {@code san.email is absent}
 */
public record TestOutcome(String test, Truth result, String detail) {
}
