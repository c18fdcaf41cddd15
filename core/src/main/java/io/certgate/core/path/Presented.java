package io.certgate.core.path;

import java.security.cert.X509Certificate;

/** Presented chains as TLS stacks hand them over: the same objects to every request of a session. */
final class Presented {
    private Presented() {
    }

    /** Whether two presented chains hold the very same certificate objects in the same order. */
    static boolean sameObjects(X509Certificate[] a, X509Certificate[] b) {
        if (a.length != b.length) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            if (a[i] != b[i]) {
                return false;
            }
        }
        return true;
    }
}
