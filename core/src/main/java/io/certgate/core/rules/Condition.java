package io.certgate.core.rules;

import io.certgate.core.identity.DisplayText;

import java.util.List;
import java.util.StringJoiner;
import java.util.function.Predicate;

/** A compiled rule condition. Evaluation with a trace records every test for {@code explain}. */
sealed interface Condition {
    Truth test(Facts facts, List<TestOutcome> trace);

    /** The condition written back in rules syntax. */
    String text();

    /**
     * The value the condition has whatever the certificate, when its {@code true} and {@code false} decide it
     * alone ({@code not true}, {@code false and …}, {@code true or …}); null when it depends on the certificate.
     */
    static Boolean constantValue(Condition condition) {
        if (condition instanceof Constant c) {
            return c.value();
        }
        if (condition instanceof Not n) {
            Boolean inner = constantValue(n.operand());
            return inner == null ? null : !inner;
        }
        boolean isAnd = condition instanceof And;
        List<Condition> operands = isAnd ? ((And) condition).operands()
                : condition instanceof Or or ? or.operands() : null;
        if (operands == null) {
            return null;
        }
        boolean allDecided = true;
        for (Condition operand : operands) {
            Boolean value = constantValue(operand);
            if (value == null) {
                allDecided = false;
            } else if (value != isAnd) {
                return value;
            }
        }
        return allDecided ? isAnd : null;
    }

    record Or(List<Condition> operands) implements Condition {
        public Truth test(Facts facts, List<TestOutcome> trace) {
            Truth result = Truth.FALSE;
            for (Condition c : operands) {
                Truth t = c.test(facts, trace);
                if (t == Truth.TRUE) {
                    result = Truth.TRUE;
                    if (trace == null) {
                        return result;
                    }
                } else if (t == Truth.UNKNOWN && result == Truth.FALSE) {
                    result = Truth.UNKNOWN;
                }
            }
            return result;
        }

        public String text() {
            StringJoiner j = new StringJoiner(" or ");
            operands.forEach(c -> j.add(c.text()));
            return j.toString();
        }
    }

    record And(List<Condition> operands) implements Condition {
        public Truth test(Facts facts, List<TestOutcome> trace) {
            Truth result = Truth.TRUE;
            for (Condition c : operands) {
                Truth t = c.test(facts, trace);
                if (t == Truth.FALSE) {
                    result = Truth.FALSE;
                    if (trace == null) {
                        return result;
                    }
                } else if (t == Truth.UNKNOWN && result == Truth.TRUE) {
                    result = Truth.UNKNOWN;
                }
            }
            return result;
        }

        public String text() {
            StringJoiner j = new StringJoiner(" and ");
            operands.forEach(c -> j.add(c instanceof Or ? "(" + c.text() + ")" : c.text()));
            return j.toString();
        }
    }

    record Not(Condition operand) implements Condition {
        public Truth test(Facts facts, List<TestOutcome> trace) {
            if (trace == null) {
                return operand.test(facts, null).not();
            }
            List<TestOutcome> inner = new java.util.ArrayList<>();
            Truth result = operand.test(facts, inner).not();
            if (inner.size() == 1) {
                trace.add(new TestOutcome(text(), result, inner.get(0).detail()));
            } else {
                trace.addAll(inner);
                trace.add(new TestOutcome(text(), result, "negation of the tests above"));
            }
            return result;
        }

        public String text() {
            return operand instanceof Or || operand instanceof And ? "not (" + operand.text() + ")" : "not " + operand.text();
        }
    }

    record Constant(boolean value) implements Condition {
        public Truth test(Facts facts, List<TestOutcome> trace) {
            if (trace != null) {
                trace.add(new TestOutcome(text(), Truth.of(value), value ? "always" : "never"));
            }
            return Truth.of(value);
        }

        public String text() {
            return String.valueOf(value);
        }
    }

    record Present(AttributeRef attribute) implements Condition {
        public Truth test(Facts facts, List<TestOutcome> trace) {
            List<?> values = facts.values(attribute);
            Truth result = !values.isEmpty() ? Truth.TRUE : facts.unreadable(attribute) ? Truth.UNKNOWN : Truth.FALSE;
            if (trace != null) {
                trace.add(new TestOutcome(text(), result, result == Truth.TRUE ? "present: " + shown(attribute, values)
                        : result == Truth.UNKNOWN ? unreadable(attribute) : attribute.name() + " is absent"));
            }
            return result;
        }

        public String text() {
            return "present " + attribute.name();
        }
    }

    /**
     * How one value of an attribute comes out against a test's literal: {@link Truth#UNKNOWN} when the test cannot
     * read the value (a {@code ~} test and a value longer than {@link RegexBudget#MAX_VALUE_LENGTH}).
     */
    @FunctionalInterface
    interface ValueMatcher {
        Truth test(Object value, RegexBudget budget);
    }

    /**
     * {@code ATTR op literal}: true when any value satisfies {@code matcher}; for {@code !=}
     * ({@code negated}), true when the attribute is present and no value equals the literal. When the values the
     * test could read do not decide it and the attribute has a value certgate could not read, or a value the test
     * does not read, unknown.
     */
    record Test(AttributeRef attribute, String operator, String literalText, ValueMatcher matcher, boolean negated)
            implements Condition {
        /** A test whose matcher reads every value. */
        Test(AttributeRef attribute, String operator, String literalText, Predicate<Object> matcher, boolean negated) {
            this(attribute, operator, literalText, (v, budget) -> Truth.of(matcher.test(v)), negated);
        }

        public Truth test(Facts facts, List<TestOutcome> trace) {
            List<?> values = facts.values(attribute);
            Object hit = null;
            Object unread = null;
            try {
                for (Object v : values) {
                    Truth t = matcher.test(v, facts.regexBudget());
                    if (t == Truth.TRUE) {
                        hit = v;
                        break;
                    }
                    if (t == Truth.UNKNOWN && unread == null) {
                        unread = v;
                    }
                }
            } catch (RegexLimitException e) {
                if (trace == null) {
                    throw e;
                }
                facts.gaveUp(e.getMessage());
                trace.add(new TestOutcome(text(), Truth.UNKNOWN, e.getMessage()));
                return Truth.UNKNOWN;
            }
            Truth result;
            if (hit != null) {
                result = Truth.of(!negated);
            } else if (unread != null || facts.unreadable(attribute)) {
                result = Truth.UNKNOWN;
            } else {
                result = Truth.of(negated && !values.isEmpty());
            }
            if (trace != null) {
                String detail;
                if (result == Truth.UNKNOWN) {
                    String why = unread != null ? "a value of " + attribute.display(unread).length()
                            + " characters is longer than the " + RegexBudget.MAX_VALUE_LENGTH
                            + " a ~ test reads, so the test is unknown" : unreadable(attribute);
                    detail = values.isEmpty() ? why
                            : (values.size() == 1 ? "value " : "values ") + shown(attribute, values) + "; " + why;
                } else if (values.isEmpty()) {
                    detail = attribute.name() + " is absent";
                } else if (hit != null) {
                    detail = (negated ? "equal value " : "matched ") + quote(attribute.display(hit));
                } else {
                    detail = (values.size() == 1 ? "value " : "values ") + shown(attribute, values);
                }
                trace.add(new TestOutcome(text(), result, detail));
            }
            return result;
        }

        public String text() {
            return attribute.name() + " " + operator + " " + literalText;
        }
    }

    private static String unreadable(AttributeRef attribute) {
        return attribute.name() + " also has a value certgate could not read (see \"left out\"), so the test is unknown";
    }

    private static String shown(AttributeRef attribute, List<?> values) {
        StringJoiner j = new StringJoiner(", ");
        int n = 0;
        for (Object v : values) {
            if (n++ == 5) {
                j.add("… (" + values.size() + " in all)");
                break;
            }
            j.add(quote(attribute.display(v)));
        }
        return j.toString();
    }

    /** A value in quotes, with backslashes, quotes and invisible characters escaped ({@link DisplayText}). */
    private static String quote(String s) {
        return "\"" + DisplayText.escape(s).replace("\"", "\\\"") + "\"";
    }
}
