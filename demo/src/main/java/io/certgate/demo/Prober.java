package io.certgate.demo;

import io.certgate.demo.pki.DemoClient;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Makes the demo's real HTTPS requests: one {@link HttpClient} per client certificate, first asking
 * {@code /whoami?format=json} who the server takes the client for (its principal and roles, or why it was
 * refused), then each of the client's probes.
 */
final class Prober {
    /** The result of one probe, with the client's principal and roles as the table shows them. */
    record Result(Probe probe, Answer answer, String principal, String roles) {
        boolean asExpected() {
            return probe.expected().metBy(answer);
        }
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final URI base;
    private final X509Certificate serverRoot;
    private final DemoLog log;

    /**
     * @param base       the application's URL, such as {@code https://localhost:8443}
     * @param serverRoot the CA the clients trust for the server
     * @param log        where certgate's audit records tell why a client was refused
     */
    Prober(URI base, X509Certificate serverRoot, DemoLog log) {
        this.base = base;
        this.serverRoot = serverRoot;
        this.log = log;
    }

    /** Runs the probes of {@code client}, in order. */
    List<Result> run(DemoClient client, List<Probe> probes) throws InterruptedException {
        HttpClient http = ClientTls.httpClient(client.certificate(), serverRoot);
        Answer who = get(http, "/whoami?format=json");
        String principal;
        String roles = "-";
        if (who.status() == 200) {
            Map<String, Object> json = Json.parseObject(who.body());
            principal = String.valueOf(json.get("principal"));
            List<?> granted = json.get("roles") instanceof List<?> list ? list : List.of();
            roles = granted.isEmpty() ? "(none)" : String.join(", ", granted.stream().map(String::valueOf).toList());
        } else if (who.status() == 401 || who.status() == 403) {
            principal = "refused: " + log.denialReason(client.certificate().certificate())
                    .map(Prober::reason).orElse("no audit record says why");
        } else if (who.handshakeRefused()) {
            principal = "refused at TLS handshake (" + who.failure() + ")";
        } else {
            principal = "no answer: " + (who.failure() != null ? who.failure() : "status " + who.status());
        }
        List<Result> results = new ArrayList<>();
        for (Probe probe : probes) {
            results.add(new Result(probe, get(http, probe.path()), principal.replaceAll("\\s+", " "), roles));
        }
        return results;
    }

    private Answer get(HttpClient http, String path) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT).GET().build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return Answer.http(response.statusCode(), response.body());
        } catch (IOException e) {
            return Answer.failed(e);
        }
    }

    /** A denial reason code of certgate's audit record in words. */
    static String reason(String code) {
        return switch (code) {
            case "REVOKED" -> "certificate revoked";
            case "REVOCATION_UNKNOWN" -> "revocation status unknown";
            case "NO_PRINCIPAL" -> "no principal attribute";
            case "NO_CERTIFICATE" -> "no certificate";
            default -> code;
        };
    }
}
