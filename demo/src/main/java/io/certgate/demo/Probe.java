package io.certgate.demo;

import java.util.Objects;

/**
 * One request of the demo's table: which client asks for which path, and what it should get.
 *
 * @param client   the client's name
 * @param path     the path, such as {@code /admin/}
 * @param expected the answer the sample application's rules and constraints call for
 */
record Probe(String client, String path, Expected expected) {
    /** The answers a probe may call for. */
    enum Expected {
        /** 200: the client has a role the path needs. */
        OK("200"),
        /** 403: certgate authenticated the client, but it lacks the role. */
        FORBIDDEN("403"),
        /** certgate refuses the certificate: 403 on Jetty, 401 on Tomcat (each container's standard answer). */
        REFUSED("401 or 403"),
        /** The TLS stack refuses the certificate before any HTTP is spoken. */
        HANDSHAKE_REFUSED("refused at the TLS handshake");

        private final String description;

        Expected(String description) {
            this.description = description;
        }

        /** Whether {@code answer} is what this calls for. */
        boolean metBy(Answer answer) {
            return switch (this) {
                case OK -> answer.status() == 200;
                case FORBIDDEN -> answer.status() == 403;
                case REFUSED -> answer.status() == 401 || answer.status() == 403;
                case HANDSHAKE_REFUSED -> answer.handshakeRefused();
            };
        }

        String description() {
            return description;
        }
    }

    Probe {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(expected, "expected");
    }
}
