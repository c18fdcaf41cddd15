package io.certgate.tomcat;

import io.certgate.core.config.WebApplication;
import org.apache.catalina.Context;
import org.apache.tomcat.util.descriptor.web.ApplicationParameter;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A Tomcat {@link Context} as certgate sees it. Usable from the context's {@code CONFIGURE_START} event on, once
 * {@code web.xml} has been read, which is before the servlet context's own init parameters are merged: the
 * parameters are therefore merged here the same way ({@code <Parameter override="false">} in {@code context.xml}
 * wins over {@code web.xml}, which wins over an overridable one).
 */
final class TomcatWebApplication implements WebApplication {
    private final Context context;

    TomcatWebApplication(Context context) {
        this.context = context;
    }

    @Override
    public String name() {
        return context.getPath().isEmpty() ? "ROOT" : context.getPath();
    }

    @Override
    public Optional<String> initParameter(String name) {
        String overridable = null;
        for (ApplicationParameter p : context.findApplicationParameters()) {
            if (p.getName().equals(name)) {
                if (!p.getOverride()) {
                    return Optional.ofNullable(p.getValue());
                }
                overridable = p.getValue();
            }
        }
        String fromWebXml = context.findParameter(name);
        return Optional.ofNullable(fromWebXml != null ? fromWebXml : overridable);
    }

    @Override
    public Optional<Path> realPath(String path) {
        return Optional.ofNullable(context.getServletContext().getRealPath(path)).map(Path::of);
    }

    @Override
    public Optional<InputStream> resource(String path) {
        return Optional.ofNullable(context.getServletContext().getResourceAsStream(path));
    }

    @Override
    public String toString() {
        return name();
    }
}
