package io.certgate.core.management;

import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The JMX names of certgate's beans: {@code io.certgate:type=WebApplication,container=C,component=K,name="H/P"},
 * one per web application and adapter component, where {@code H/P} is the web application's host and context path
 * (the root's path is {@code /}; without a host, the path alone), so that web applications at one path on
 * different hosts have different names.
 */
public final class ObjectNames {
    /** The domain of every certgate bean. */
    public static final String DOMAIN = "io.certgate";
    /** A name that matches every web application bean, for queries. */
    public static final ObjectName ALL_WEB_APPLICATIONS = parse(DOMAIN + ":type=WebApplication,*");

    private static final Pattern KEY_VALUE = Pattern.compile("[a-z][a-z0-9-]*");

    private ObjectNames() {
    }

    /**
     * The name of a web application's bean.
     *
     * @param container   the container, such as {@code jetty} or {@code tomcat}
     * @param component   the adapter component that decides for the web application, such as {@code realm}
     * @param host        the host the web application belongs to, or null or empty when it has none
     * @param contextPath the context path, {@code ""} or {@code /} for the root
     */
    public static ObjectName webApplication(String container, String component, String host, String contextPath) {
        String path = Objects.requireNonNull(contextPath, "contextPath").isEmpty() ? "/" : contextPath;
        String name = (host == null ? "" : host) + path;
        return parse(DOMAIN + ":type=WebApplication,container=" + keyValue("container", container)
                + ",component=" + keyValue("component", component) + ",name=" + ObjectName.quote(name));
    }

    private static String keyValue(String what, String value) {
        if (value == null || !KEY_VALUE.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " must be lower-case letters, digits and dashes: [" + value + "]");
        }
        return value;
    }

    private static ObjectName parse(String name) {
        try {
            return new ObjectName(name);
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException(e.getMessage() + ": " + name, e);
        }
    }
}
