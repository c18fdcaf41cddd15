package io.certgate.tomcat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A web application folder written at test time: {@code web.xml} with {@code CLIENT-CERT}, constraints on
 * {@code /admin/*} (role admin) and {@code /user/*} (role user), the unconstrained {@code /open/*} and
 * {@code /public.html}, and optionally {@code WEB-INF/certgate.rules} and {@code META-INF/context.xml}.
 */
final class TestWebApp {
    private String rules;
    private boolean contextParam = true;
    private String contextXml;
    private boolean loginConfig = true;
    private String authMethod = "CLIENT-CERT";
    private final java.util.Map<String, String> files = new java.util.LinkedHashMap<>();

    static TestWebApp builder() {
        return new TestWebApp();
    }

    /** Writes {@code WEB-INF/certgate.rules} and names it in the context-param. */
    TestWebApp rules(String text) {
        this.rules = text;
        return this;
    }

    /** Writes another file under {@code WEB-INF/}, such as a PEM file the rules name. */
    TestWebApp webInfFile(String name, String text) {
        files.put(name, text);
        return this;
    }

    /** No {@code certgate.rules} context-param. */
    TestWebApp withoutContextParam() {
        this.contextParam = false;
        return this;
    }

    /** No security at all in web.xml: no constraints, no login-config. */
    TestWebApp withoutSecurity() {
        this.loginConfig = false;
        return this;
    }

    /** Another {@code auth-method} than {@code CLIENT-CERT}, such as {@code BASIC}, with the same constraints. */
    TestWebApp authMethod(String method) {
        this.authMethod = method;
        return this;
    }

    /** {@code META-INF/context.xml} holding these elements inside {@code <Context>}. */
    TestWebApp contextXml(String elements) {
        this.contextXml = elements;
        return this;
    }

    Path writeTo(Path dir) {
        try {
            Files.createDirectories(dir.resolve("WEB-INF"));
            Files.writeString(dir.resolve("public.html"), "<p>public</p>\n", StandardCharsets.UTF_8);
            if (rules != null) {
                Files.writeString(dir.resolve("WEB-INF/certgate.rules"), rules, StandardCharsets.UTF_8);
            }
            for (var f : files.entrySet()) {
                Files.writeString(dir.resolve("WEB-INF").resolve(f.getKey()), f.getValue(), StandardCharsets.UTF_8);
            }
            if (contextXml != null) {
                Files.createDirectories(dir.resolve("META-INF"));
                Files.writeString(dir.resolve("META-INF/context.xml"), "<Context>\n" + contextXml + "\n</Context>\n",
                        StandardCharsets.UTF_8);
            }
            Files.writeString(dir.resolve("WEB-INF/web.xml"), webXml(), StandardCharsets.UTF_8);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String webXml() {
        StringBuilder x = new StringBuilder("""
                <?xml version="1.0" encoding="UTF-8"?>
                <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
                """);
        if (contextParam) {
            x.append("""
                      <context-param>
                        <param-name>certgate.rules</param-name>
                        <param-value>/WEB-INF/certgate.rules</param-value>
                      </context-param>
                    """);
        }
        x.append("""
                  <servlet><servlet-name>who</servlet-name><servlet-class>io.certgate.tomcat.WhoAmIServlet</servlet-class></servlet>
                  <servlet><servlet-name>default</servlet-name><servlet-class>org.apache.catalina.servlets.DefaultServlet</servlet-class></servlet>
                  <servlet-mapping><servlet-name>who</servlet-name>
                    <url-pattern>/admin/*</url-pattern><url-pattern>/user/*</url-pattern><url-pattern>/open/*</url-pattern>
                  </servlet-mapping>
                  <servlet-mapping><servlet-name>default</servlet-name><url-pattern>/</url-pattern></servlet-mapping>
                """);
        if (loginConfig) {
            x.append("""
                      <security-constraint>
                        <web-resource-collection><web-resource-name>admin</web-resource-name><url-pattern>/admin/*</url-pattern></web-resource-collection>
                        <auth-constraint><role-name>admin</role-name></auth-constraint>
                      </security-constraint>
                      <security-constraint>
                        <web-resource-collection><web-resource-name>user</web-resource-name><url-pattern>/user/*</url-pattern></web-resource-collection>
                        <auth-constraint><role-name>user</role-name></auth-constraint>
                      </security-constraint>
                      <security-role><role-name>admin</role-name></security-role>
                      <security-role><role-name>user</role-name></security-role>
                      <login-config><auth-method>%s</auth-method><realm-name>certgate</realm-name></login-config>
                    """.formatted(authMethod));
        }
        return x.append("</web-app>\n").toString();
    }
}
