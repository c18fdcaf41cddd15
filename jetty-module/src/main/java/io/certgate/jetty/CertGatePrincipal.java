package io.certgate.jetty;

import java.io.Serializable;
import java.security.Principal;

/** The principal certgate named for a client. */
record CertGatePrincipal(String name) implements Principal, Serializable {
    @Override
    public String getName() {
        return name;
    }

    @Override
    public String toString() {
        return name;
    }
}
