package io.certgate.core.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What certgate needs to know of a web application to find its rules: the adapters implement it over the
 * servlet context in a few lines, so the rules of every web application are located the same way on every
 * container.
 */
public interface WebApplication {
    /** The web application's name for messages, such as its context path. */
    String name();

    /** A context-param ({@code <context-param>} of {@code web.xml}), empty when absent. */
    Optional<String> initParameter(String name);

    /** The file behind a path inside the web application ({@code /WEB-INF/...}), empty when it has none (a packed WAR). */
    Optional<Path> realPath(String path);

    /** Opens a resource of the web application, empty when there is none. */
    Optional<InputStream> resource(String path) throws IOException;
}
