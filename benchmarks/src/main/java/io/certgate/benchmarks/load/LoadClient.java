package io.certgate.benchmarks.load;

import io.certgate.core.testing.TestCertificate;
import io.certgate.core.testing.TestTls;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * An HTTPS client of a server on 127.0.0.1 that presents one client certificate, over its one kept-alive connection
 * or over a new connection (a full handshake) per request. Used by one thread at a time.
 */
final class LoadClient implements AutoCloseable {
    private final SSLContext context;
    private final int port;
    private Connection kept;
    private long reconnects;

    /** One HTTP answer; {@code close} when the server closes the connection after it. */
    record Response(int status, String body, boolean close) {
    }

    LoadClient(TestCertificate client, TestCertificate root, int port) {
        this.context = TestTls.context(client, root.certificate());
        this.port = port;
    }

    /**
     * A GET over the kept-alive connection, opened when there is none. A connection the server closed while it was
     * idle is opened again and the request sent once more, as HTTP clients do for idempotent requests.
     */
    Response keptAlive(String path) throws IOException {
        boolean reused = kept != null;
        if (kept == null) {
            kept = new Connection(open());
        }
        Response r;
        try {
            r = kept.get(path, "");
        } catch (IOException e) {
            dropKept();
            if (!reused) {
                throw e;
            }
            reconnects++;
            kept = new Connection(open());
            r = kept.get(path, "");
        }
        if (r.close()) {
            dropKept();
        }
        return r;
    }

    /** A GET over a new connection, a full handshake whose session is not kept for resumption. */
    Response newConnection(String path) throws IOException {
        try (SSLSocket socket = open()) {
            Response r = new Connection(socket).get(path, "Connection: close\r\n");
            socket.getSession().invalidate();
            return r;
        }
    }

    /** How often the kept-alive connection had to be opened again after the server closed it while idle. */
    long reconnects() {
        return reconnects;
    }

    private SSLSocket open() throws IOException {
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port);
        socket.setSoTimeout(60_000);
        socket.setTcpNoDelay(true);
        socket.startHandshake();
        return socket;
    }

    private void dropKept() {
        if (kept != null) {
            try {
                kept.socket.close();
            } catch (IOException ignored) {
                // closing a connection that failed
            }
            kept = null;
        }
    }

    @Override
    public void close() {
        dropKept();
    }

    /** One connection carrying HTTP/1.1 requests one after another. */
    private static final class Connection {
        private final SSLSocket socket;
        private final InputStream in;
        private final OutputStream out;

        Connection(SSLSocket socket) throws IOException {
            this.socket = socket;
            this.in = new BufferedInputStream(socket.getInputStream());
            this.out = socket.getOutputStream();
        }

        Response get(String path, String headers) throws IOException {
            out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n" + headers + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return read();
        }

        /** Reads one response: status line, headers, and a body by Content-Length, chunks or to the end. */
        private Response read() throws IOException {
            String status = line();
            if (status == null) {
                throw new IOException("the server closed the connection");
            }
            if (!status.startsWith("HTTP/1.1 ")) {
                throw new IOException("not an HTTP/1.1 response: " + status);
            }
            int code = Integer.parseInt(status.substring(9, 12));
            long length = -1;
            boolean chunked = false;
            boolean close = false;
            for (String h; !(h = required()).isEmpty(); ) {
                String lower = h.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Long.parseLong(h.substring(15).strip());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                } else if (lower.startsWith("connection:") && lower.contains("close")) {
                    close = true;
                }
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            if (chunked) {
                for (int size; (size = Integer.parseInt(required().split(";")[0].strip(), 16)) > 0; ) {
                    body.write(in.readNBytes(size));
                    required();
                }
                while (!required().isEmpty()) {
                    // trailers
                }
            } else if (length >= 0) {
                body.write(in.readNBytes((int) length));
            } else {
                body.write(in.readAllBytes());
                close = true;
            }
            return new Response(code, body.toString(StandardCharsets.UTF_8), close);
        }

        private String required() throws IOException {
            String l = line();
            if (l == null) {
                throw new IOException("the server closed the connection within a response");
            }
            return l;
        }

        private String line() throws IOException {
            StringBuilder b = new StringBuilder();
            for (int c; (c = in.read()) != -1; ) {
                if (c == '\n') {
                    int end = b.length();
                    return end > 0 && b.charAt(end - 1) == '\r' ? b.substring(0, end - 1) : b.toString();
                }
                b.append((char) c);
            }
            return b.length() == 0 ? null : b.toString();
        }
    }
}
