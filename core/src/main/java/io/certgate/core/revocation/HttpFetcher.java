package io.certgate.core.revocation;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Fetches OCSP responses and CRLs over HTTP with the limits of {@link RevocationSettings}: one deadline for
 * connect, headers and body; a size cap enforced while reading; redirects followed only within the same scheme
 * (at most 3). Never throws: every failure is a {@link Result} with a cause. Thread-safe.
 */
final class HttpFetcher {
    private static final int MAX_REDIRECTS = 3;

    /** The bytes fetched, or why there are none. */
    record Result(byte[] body, RevocationStatus failure) {
        boolean ok() {
            return body != null;
        }
    }

    private final HttpClient client;

    HttpFetcher(HttpClient client) {
        this.client = client;
    }

    /**
     * A client whose threads belong to certgate, not to whichever web application first needed one: its callbacks
     * run on {@code workers} (a {@link RevocationRuntime}'s), and its selector thread is started with certgate's own
     * class loader as context loader, so no web application's class loader is pinned by (or blamed for) them.
     */
    static HttpClient client(Duration connectTimeout, Executor workers) {
        Thread current = Thread.currentThread();
        ClassLoader caller = current.getContextClassLoader();
        current.setContextClassLoader(HttpFetcher.class.getClassLoader());
        try {
            return HttpClient.newBuilder()
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .connectTimeout(connectTimeout)
                    .version(HttpClient.Version.HTTP_1_1)
                    .executor(workers)
                    .build();
        } finally {
            current.setContextClassLoader(caller);
        }
    }

    /**
     * GETs {@code uri}, or POSTs {@code body} with {@code contentType} when body is non-null.
     *
     * @param source   the source reported in failures
     * @param maxBytes the largest body accepted
     */
    Result fetch(URI uri, byte[] body, String contentType, long maxBytes, Deadline deadline,
                 RevocationStatus.Source source) {
        URI current = uri;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            Duration left = deadline.remaining();
            if (left.isZero()) {
                return failed(source, UnknownCause.TIMEOUT, "deadline passed before fetching " + current);
            }
            HttpRequest.Builder rb = HttpRequest.newBuilder(current).timeout(left)
                    .header("Accept", body == null ? "*/*" : "application/ocsp-response");
            if (body != null) {
                rb.header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body));
            } else {
                rb.GET();
            }
            CompletableFuture<HttpResponse<byte[]>> future;
            try {
                future = client.sendAsync(rb.build(), info -> new LimitedBody(info.headers(), maxBytes));
            } catch (RejectedExecutionException e) {
                return failed(source, UnknownCause.UNREACHABLE, "not fetching " + current + ": certgate is stopping");
            }
            HttpResponse<byte[]> response;
            try {
                response = future.get(left.toNanos(), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                future.cancel(true);
                return failed(source, UnknownCause.TIMEOUT, "no complete answer from " + current + " within the deadline");
            } catch (InterruptedException e) {
                future.cancel(true);
                Thread.currentThread().interrupt();
                return failed(source, UnknownCause.TIMEOUT, "interrupted while fetching " + current);
            } catch (ExecutionException | CancellationException e) {
                return failure(source, current, e.getCause() == null ? e : e.getCause());
            }
            int code = response.statusCode();
            if (code == 301 || code == 302 || code == 303 || code == 307 || code == 308) {
                String location = response.headers().firstValue("Location").orElse(null);
                if (location == null) {
                    return failed(source, UnknownCause.HTTP_ERROR, current + " answered " + code + " without a Location");
                }
                URI next;
                try {
                    next = current.resolve(location);
                } catch (IllegalArgumentException e) {
                    return failed(source, UnknownCause.HTTP_ERROR, current + " redirected to an invalid URL");
                }
                if (!scheme(next).equals(scheme(current))) {
                    return failed(source, UnknownCause.HTTP_ERROR, current + " redirected to another scheme (" + next
                            + "); not followed");
                }
                if (body != null && (code == 301 || code == 302 || code == 303)) {
                    return failed(source, UnknownCause.HTTP_ERROR, current + " answered " + code + " to a POST; not followed");
                }
                current = next;
                continue;
            }
            if (code != 200) {
                return failed(source, UnknownCause.HTTP_ERROR, current + " answered HTTP " + code);
            }
            return new Result(response.body(), null);
        }
        return failed(source, UnknownCause.HTTP_ERROR, uri + ": more than " + MAX_REDIRECTS + " redirects");
    }

    private static String scheme(URI uri) {
        return uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    }

    private static Result failure(RevocationStatus.Source source, URI uri, Throwable t) {
        if (t instanceof TooLargeException e) {
            return failed(source, UnknownCause.TOO_LARGE, uri + ": " + e.getMessage());
        }
        if (t instanceof HttpConnectTimeoutException || t instanceof HttpTimeoutException) {
            return failed(source, UnknownCause.TIMEOUT, "no answer from " + uri + " within the deadline");
        }
        if (t instanceof ConnectException) {
            return failed(source, UnknownCause.UNREACHABLE, "cannot connect to " + uri);
        }
        if (t instanceof IOException) {
            return failed(source, UnknownCause.UNREACHABLE, "fetching " + uri + " failed: " + t.getClass().getSimpleName()
                    + (t.getMessage() == null ? "" : " " + t.getMessage()));
        }
        return failed(source, UnknownCause.UNREACHABLE, "fetching " + uri + " failed: " + t);
    }

    private static Result failed(RevocationStatus.Source source, UnknownCause cause, String detail) {
        return new Result(null, RevocationStatus.unknown(source, cause, detail));
    }

    private static final class TooLargeException extends IOException {
        TooLargeException(String message) {
            super(message);
        }
    }

    /** Collects a body, failing as soon as it grows past the cap. */
    private static final class LimitedBody implements HttpResponse.BodySubscriber<byte[]> {
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private final List<ByteBuffer> parts = new ArrayList<>();
        private final long max;
        private long size;
        private Flow.Subscription subscription;

        LimitedBody(HttpHeaders headers, long max) {
            this.max = max;
            long declared = headers.firstValueAsLong("Content-Length").orElse(-1);
            if (declared > max) {
                result.completeExceptionally(new TooLargeException("declares " + declared + " bytes, more than the cap of " + max));
            }
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            if (result.isDone()) {
                s.cancel();
            } else {
                s.request(Long.MAX_VALUE);
            }
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            if (result.isDone()) {
                return;
            }
            for (ByteBuffer b : items) {
                size += b.remaining();
                parts.add(b);
            }
            if (size > max) {
                parts.clear();
                subscription.cancel();
                result.completeExceptionally(new TooLargeException("body larger than the cap of " + max + " bytes"));
            }
        }

        @Override
        public void onError(Throwable t) {
            result.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            byte[] out = new byte[(int) size];
            int pos = 0;
            for (ByteBuffer b : parts) {
                int n = b.remaining();
                b.get(out, pos, n);
                pos += n;
            }
            result.complete(out);
        }
    }
}
