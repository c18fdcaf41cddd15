package io.certgate.tomcat;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One AJP13 forward request, written as a front-end server (httpd's {@code mod_proxy_ajp}) sends it, carrying a client
 * certificate attribute ({@code SC_A_SSL_CERT}), and its answer. The packet layout is the AJP13 protocol reference's.
 */
final class AjpClient {
    private static final int FORWARD_REQUEST = 2;
    private static final int METHOD_GET = 2;
    private static final int HEADER_HOST = 0xA00B;
    private static final int ATTRIBUTE_QUERY_STRING = 0x05;
    private static final int ATTRIBUTE_SSL_CERT = 0x07;
    private static final int ATTRIBUTES_END = 0xFF;
    private static final int SEND_BODY_CHUNK = 3;
    private static final int SEND_HEADERS = 4;
    private static final int END_RESPONSE = 5;
    private static final int GET_BODY_CHUNK = 6;

    private AjpClient() {
    }

    /**
     * A GET of {@code path} (with an optional {@code ?query}) on the AJP connector at {@code port}, as if the front end
     * had ended TLS and verified {@code certificatePem}.
     */
    static Http get(int port, String path, String certificatePem) {
        int q = path.indexOf('?');
        ByteArrayOutputStream p = new ByteArrayOutputStream();
        p.write(FORWARD_REQUEST);
        p.write(METHOD_GET);
        string(p, "HTTP/1.1");
        string(p, q < 0 ? path : path.substring(0, q));
        string(p, "127.0.0.1");
        string(p, "localhost");
        string(p, "localhost");
        integer(p, 443);
        p.write(1); // is_ssl: the front end ended TLS
        integer(p, 1);
        integer(p, HEADER_HOST);
        string(p, "localhost");
        if (q >= 0) {
            p.write(ATTRIBUTE_QUERY_STRING);
            string(p, path.substring(q + 1));
        }
        p.write(ATTRIBUTE_SSL_CERT);
        string(p, certificatePem);
        p.write(ATTRIBUTES_END);
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(20_000); // a hang guard only
            OutputStream out = socket.getOutputStream();
            out.write(packet(p.toByteArray()));
            out.flush();
            return read(new DataInputStream(socket.getInputStream()), out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Http read(DataInputStream in, OutputStream out) throws IOException {
        int status = -1;
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            if (in.readUnsignedByte() != 'A' || in.readUnsignedByte() != 'B') {
                throw new IOException("not an AJP13 packet from the container");
            }
            byte[] payload = new byte[in.readUnsignedShort()];
            in.readFully(payload);
            DataInputStream m = new DataInputStream(new java.io.ByteArrayInputStream(payload));
            switch (m.readUnsignedByte()) {
                case SEND_HEADERS -> status = m.readUnsignedShort();
                case SEND_BODY_CHUNK -> body.write(m.readNBytes(m.readUnsignedShort()));
                case GET_BODY_CHUNK -> out.write(packet(new byte[0]));
                case END_RESPONSE -> {
                    return new Http(status, body.toString(StandardCharsets.UTF_8));
                }
                default -> throw new IOException("unexpected AJP13 message " + payload[0]);
            }
        }
    }

    private static byte[] packet(byte[] payload) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(0x12);
        b.write(0x34);
        integer(b, payload.length);
        b.writeBytes(payload);
        return b.toByteArray();
    }

    private static void integer(ByteArrayOutputStream b, int value) {
        b.write(value >> 8);
        b.write(value);
    }

    private static void string(ByteArrayOutputStream b, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        integer(b, bytes.length);
        b.writeBytes(bytes);
        b.write(0);
    }
}
