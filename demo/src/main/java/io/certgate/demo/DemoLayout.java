package io.certgate.demo;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the demo finds its parts and writes its files: all in the folder of the demo's jar
 * ({@code demo/target/}), whatever the working directory.
 *
 * @param home the folder of {@code certgate-demo.jar} (or of the classes folder when run from an IDE)
 */
record DemoLayout(Path home) {
    /** The layout around the jar (or classes folder) this class was loaded from. */
    static DemoLayout ofRunningCode() {
        try {
            Path code = Path.of(DemoLayout.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return new DemoLayout(code.toAbsolutePath().getParent());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot tell where the demo's jar is: " + e, e);
        }
    }

    /** The container jars: {@code lib/jetty/}, {@code lib/tomcat/}. */
    Path lib() {
        return home.resolve("lib");
    }

    /** The sample application's WAR, as the build copied it. */
    Path war() {
        return home.resolve("certgate-sample-app.war");
    }

    /** The PKI of the current run. */
    Path pki() {
        return home.resolve("demo-pki");
    }

    /** The containers' files of the current run (unpacked WAR, temporary files). */
    Path work() {
        return home.resolve("demo-work");
    }

    /** The log of the containers and certgate, with certgate's audit records. */
    Path log() {
        return home.resolve("demo.log");
    }

    /** Checks that the build left what the demo needs. */
    void check() {
        if (!Files.isRegularFile(war())) {
            throw new IllegalStateException("the sample application is missing at " + war()
                    + ": build the demo with 'mvn -B package' from the project folder first");
        }
    }

    /** Shows a path relative to the working directory when it lies below it, absolute otherwise. */
    static String display(Path path) {
        Path cwd = Path.of("").toAbsolutePath();
        Path absolute = path.toAbsolutePath().normalize();
        return absolute.startsWith(cwd) && !absolute.equals(cwd) ? cwd.relativize(absolute).toString() : absolute.toString();
    }
}
