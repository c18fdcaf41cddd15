package io.certgate.demo;

import javax.net.ssl.SSLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one HTTPS request got: an HTTP status and body, or no HTTP answer at all because the TLS handshake was
 * refused or the request failed otherwise.
 *
 * @param status  the HTTP status, or -1 without an HTTP answer
 * @param body    the response body ({@code ""} without an HTTP answer)
 * @param failure why there is no HTTP answer, or null
 * @param handshakeRefused whether the failure is the TLS layer refusing the connection
 */
record Answer(int status, String body, String failure, boolean handshakeRefused) {
    private static final Pattern ALERT = Pattern.compile("Received fatal alert: (\\w+)");

    static Answer http(int status, String body) {
        return new Answer(status, body, null, false);
    }

    /**
     * The answer for a request that threw: a TLS refusal when an {@link SSLException} is among the causes (its
     * alert, such as {@code bad_certificate}, is kept), another failure otherwise.
     */
    static Answer failed(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SSLException ssl) {
                Matcher alert = ALERT.matcher(String.valueOf(ssl.getMessage()));
                return new Answer(-1, "", alert.find() ? alert.group(1) : String.valueOf(ssl.getMessage()), true);
            }
        }
        return new Answer(-1, "", e.getClass().getSimpleName() + ": " + e.getMessage(), false);
    }

    /** The status as the table shows it: the number, or {@code -} without an HTTP answer. */
    String statusText() {
        return status < 0 ? "-" : Integer.toString(status);
    }
}
