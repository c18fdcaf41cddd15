package io.certgate.demo.container;

/**
 * A servlet container serving the sample WAR over HTTPS with certgate, started and stopped by the demo.
 * Implementations live in their own class loader with their container's jars (see {@link ContainerKind}); they
 * see only JDK types and this package from the launcher.
 */
public interface Container extends AutoCloseable {
    /** The container's name and version, such as {@code Jetty 12.1.12 (ee11)}. */
    String description();

    /**
     * Starts the container and deploys the WAR; returns once it serves requests.
     *
     * @throws Exception when the container or the web application does not start; the message says why
     */
    void start(ServerConfig config) throws Exception;

    /** The HTTPS port the container listens on, once started. */
    int port();

    /**
     * Stops the container.
     *
     * @throws IllegalStateException when it does not stop cleanly
     */
    @Override
    void close();
}
