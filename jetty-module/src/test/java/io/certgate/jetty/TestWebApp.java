package io.certgate.jetty;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The test web applications: {@code WEB-INF/web.xml} with {@code CLIENT-CERT}, constraints on {@code /admin/*}
 * (role {@code admin}) and {@code /any/*} (any authenticated client), and {@code WEB-INF/certgate.rules}.
 */
final class TestWebApp {
    private TestWebApp() {
    }

    /** Writes the web application into {@code dir}; {@code rules} null leaves out the rules file and the context-param. */
    static Path write(Path dir, String rules) {
        try {
            Files.createDirectories(dir.resolve("WEB-INF"));
            Files.writeString(dir.resolve("WEB-INF/web.xml"), webXml(rules != null, true));
            if (rules != null) {
                Files.writeString(dir.resolve("WEB-INF/certgate.rules"), rules);
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The {@code web.xml}: {@code CLIENT-CERT}, the constraints, and optionally the {@code certgate.rules}
     * context-param naming {@code /WEB-INF/certgate.rules} and {@link EchoServlet} on every path (without it, the
     * container's default servlet serves static pages).
     */
    static String webXml(boolean rulesParam, boolean echoServlet) {
        String param = !rulesParam ? "" : """
                  <context-param>
                    <param-name>certgate.rules</param-name>
                    <param-value>/WEB-INF/certgate.rules</param-value>
                  </context-param>
                """;
        String servlet = !echoServlet ? "" : """
                  <servlet>
                    <servlet-name>echo</servlet-name>
                    <servlet-class>io.certgate.jetty.EchoServlet</servlet-class>
                  </servlet>
                  <servlet-mapping>
                    <servlet-name>echo</servlet-name>
                    <url-pattern>/</url-pattern>
                  </servlet-mapping>
                """;
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
                %s%s  <security-constraint>
                    <web-resource-collection>
                      <web-resource-name>admin</web-resource-name>
                      <url-pattern>/admin/*</url-pattern>
                    </web-resource-collection>
                    <auth-constraint><role-name>admin</role-name></auth-constraint>
                  </security-constraint>
                  <security-constraint>
                    <web-resource-collection>
                      <web-resource-name>any</web-resource-name>
                      <url-pattern>/any/*</url-pattern>
                    </web-resource-collection>
                    <auth-constraint><role-name>**</role-name></auth-constraint>
                  </security-constraint>
                  <login-config>
                    <auth-method>CLIENT-CERT</auth-method>
                    <realm-name>certgate</realm-name>
                  </login-config>
                  <security-role><role-name>admin</role-name></security-role>
                  <security-role><role-name>reader</role-name></security-role>
                </web-app>
                """.formatted(param, servlet);
    }
}
