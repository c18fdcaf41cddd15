package io.certgate.demo.container;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The containers the demo can run, each loaded from its own folder of jars ({@code lib/jetty},
 * {@code lib/tomcat}) by its own class loader over the launcher's: Jetty ee11 and Tomcat each bring their own
 * Servlet API classes, and certgate's adapter for each sees only its own container, as in a real installation.
 * The launcher's class path (certgate core, BouncyCastle) is shared.
 */
public enum ContainerKind {
    JETTY("io.certgate.demo.container.jetty.JettyContainer"),
    TOMCAT("io.certgate.demo.container.tomcat.TomcatContainer");

    private final String implementation;

    ContainerKind(String implementation) {
        this.implementation = implementation;
    }

    /** The name on the command line: {@code jetty} or {@code tomcat}. */
    public String option() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The kind named on the command line, in any case. */
    public static Optional<ContainerKind> parse(String option) {
        for (ContainerKind k : values()) {
            if (k.option().equalsIgnoreCase(option)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }

    /**
     * Loads the container from the jars in {@code libDir/<option>} (such as {@code target/lib/jetty}).
     *
     * @throws IllegalStateException when the folder holds no jars or the container cannot be loaded
     */
    public Container load(Path libDir) {
        Path dir = libDir.resolve(option());
        List<URL> jars = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path jar : files.filter(f -> f.toString().endsWith(".jar")).sorted().toList()) {
                    jars.add(jar.toUri().toURL());
                }
            } catch (MalformedURLException e) {
                throw new IllegalStateException(e);
            } catch (IOException e) {
                throw new IllegalStateException("cannot list " + dir + ": " + e, e);
            }
        }
        if (jars.isEmpty()) {
            throw new IllegalStateException("no jars in " + dir + ": build the demo with 'mvn -B package' first");
        }
        ClassLoader loader = new URLClassLoader("certgate-demo-" + option(), jars.toArray(new URL[0]),
                ContainerKind.class.getClassLoader());
        try {
            return loader.loadClass(implementation).asSubclass(Container.class).getConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException("cannot load " + implementation + " from " + dir + ": " + e, e);
        }
    }
}
