package io.certgate.tomcat;

import io.certgate.core.testing.KeepAliveConnection;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** One GET and its answer, for assertions. */
record Http(int status, String body) {
    /** The answer a kept-alive connection read. */
    static Http of(KeepAliveConnection.Answer answer) {
        return new Http(answer.status(), answer.body());
    }

    static Http get(HttpClient client, URI uri) {
        return send(client, HttpRequest.newBuilder(uri));
    }

    /** A GET with one extra request header. */
    static Http get(HttpClient client, URI uri, String header, String value) {
        return send(client, HttpRequest.newBuilder(uri).header(header, value));
    }

    private static Http send(HttpClient client, HttpRequest.Builder request) {
        try {
            HttpResponse<String> r = client.send(request.timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Http(r.statusCode(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The value of a {@code key=value} line of {@link WhoAmIServlet}'s answer. */
    String line(String key) {
        for (String l : body.split("\n")) {
            if (l.startsWith(key + "=")) {
                return l.substring(key.length() + 1);
            }
        }
        throw new AssertionError("no " + key + " in " + this);
    }
}
