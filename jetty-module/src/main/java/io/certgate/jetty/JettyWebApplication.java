package io.certgate.jetty;

import io.certgate.core.config.WebApplication;
import org.eclipse.jetty.server.Context;
import org.eclipse.jetty.util.resource.Resource;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A Jetty web application as core sees it. The context-params are read from the web application's servlet
 * context through its public {@code getInitParameter} method, since the servlet classes of an ee10 or ee11
 * environment are not visible to server-level code; files come from the context's base resource.
 */
final class JettyWebApplication implements WebApplication {
    private final Context context;
    private final Object servletContext;

    JettyWebApplication(Context context) {
        this.context = context;
        this.servletContext = servletContext(context);
    }

    @Override
    public String name() {
        String path = context.getContextPath();
        return path == null || path.isEmpty() ? "/" : path;
    }

    @Override
    public Optional<String> initParameter(String name) {
        if (servletContext == null) {
            return Optional.empty();
        }
        try {
            MethodHandle get = MethodHandles.publicLookup().findVirtual(servletContextType(servletContext), "getInitParameter",
                    MethodType.methodType(String.class, String.class));
            return Optional.ofNullable((String) get.invoke(servletContext, name));
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("cannot read the context-param " + name + " of " + name(), e);
        }
    }

    @Override
    public Optional<Path> realPath(String path) {
        Resource resource = resource0(path);
        return resource == null ? Optional.empty() : Optional.ofNullable(resource.getPath());
    }

    @Override
    public Optional<InputStream> resource(String path) throws IOException {
        Resource resource = resource0(path);
        return resource == null || !resource.exists() ? Optional.empty() : Optional.of(resource.newInputStream());
    }

    private Resource resource0(String path) {
        Resource base = context.getBaseResource();
        return base == null ? null : base.resolve(path);
    }

    private static Object servletContext(Context context) {
        try {
            return context.getClass().getMethod("getServletContext").invoke(context);
        } catch (NoSuchMethodException e) {
            return null;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot reach the servlet context of " + context, e);
        }
    }

    /** The public servlet-context interface the object implements, looked up in its own class loader. */
    private static Class<?> servletContextType(Object servletContext) throws ClassNotFoundException {
        return Class.forName("jakarta.servlet.ServletContext", false, servletContext.getClass().getClassLoader());
    }
}
