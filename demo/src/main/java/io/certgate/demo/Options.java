package io.certgate.demo;

import io.certgate.demo.container.ContainerKind;

import java.util.List;

/**
 * The demo's command line.
 *
 * @param container     the container to run the WAR on
 * @param serve         whether to keep serving after the table, until Ctrl-C
 * @param port          the HTTPS port, 0 for a free one
 * @param responderPort the OCSP responder and CRL server's port, 0 for a free one
 * @param help          whether only the help was asked for
 */
record Options(ContainerKind container, boolean serve, int port, int responderPort, boolean help) {
    static final String USAGE = """
            Usage: java -jar demo/target/certgate-demo.jar [--container jetty|tomcat] [--serve] [--port N] [--responder-port N]

            Runs certgate's sample application on embedded Jetty (or Tomcat) over HTTPS on localhost, with a demo PKI,
            OCSP responder and CRL server made for this run, then prints what real HTTPS requests by each demo client got.

              --container jetty|tomcat  the servlet container to deploy the unchanged WAR on (default: jetty)
              --serve                   keep everything running after the table, to try the printed curl commands,
                                        until Ctrl-C
              --port N                  the HTTPS port (default: a free port)
              --responder-port N        the port of the OCSP responder and CRL server (default: a free port)
              -h, --help                print this help

            Files (next to the jar): demo-pki/ the PKI (PKCS#12 password: changeit), demo.log the containers' and
            certgate's log with its audit records.
            Exit status: 0 every request was answered as expected, 1 a failure or an unexpected answer, 2 bad usage.
            """;

    /** Parses the arguments; {@code --name value} and {@code --name=value} are both accepted. */
    static Options parse(List<String> args) throws UsageException {
        ContainerKind container = ContainerKind.JETTY;
        boolean serve = false;
        int port = 0;
        int responderPort = 0;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            switch (name) {
                case "-h", "--help" -> {
                    return new Options(container, serve, port, responderPort, true);
                }
                case "--serve" -> {
                    if (value != null) {
                        throw new UsageException("--serve takes no value: " + arg);
                    }
                    serve = true;
                }
                case "--container", "--port", "--responder-port" -> {
                    if (value == null) {
                        if (i + 1 >= args.size()) {
                            throw new UsageException(name + " needs a value");
                        }
                        value = args.get(++i);
                    }
                    switch (name) {
                        case "--container" -> {
                            String v = value;
                            container = ContainerKind.parse(v).orElseThrow(() ->
                                    new UsageException("--container must be jetty or tomcat, not '" + v + "'"));
                        }
                        case "--port" -> port = port(name, value);
                        default -> responderPort = port(name, value);
                    }
                }
                default -> throw new UsageException("unknown option '" + arg + "'");
            }
        }
        if (port != 0 && port == responderPort) {
            throw new UsageException("--port and --responder-port must differ, both are " + port);
        }
        return new Options(container, serve, port, responderPort, false);
    }

    private static int port(String name, String value) throws UsageException {
        int port;
        try {
            port = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new UsageException(name + " must be a port number from 1 to 65535, not '" + value + "'");
        }
        if (port < 1 || port > 65535) {
            throw new UsageException(name + " must be a port number from 1 to 65535, not '" + value + "'");
        }
        return port;
    }
}
