package io.certgate.jetty;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * The test web application's only servlet: answers what the container tells the application about the client,
 * one {@code key=value} per line. {@code ?roles=a,b} asks {@code isUserInRole} for each; {@code ?session} opens
 * an HTTP session.
 */
public final class EchoServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (request.getParameter("session") != null) {
            request.getSession(true);
        }
        StringBuilder out = new StringBuilder();
        out.append("principal=").append(request.getUserPrincipal() == null ? "" : request.getUserPrincipal().getName()).append('\n');
        out.append("remoteUser=").append(request.getRemoteUser() == null ? "" : request.getRemoteUser()).append('\n');
        out.append("authType=").append(request.getAuthType() == null ? "" : request.getAuthType()).append('\n');
        String roles = request.getParameter("roles");
        if (roles != null) {
            for (String role : roles.split(",")) {
                out.append("inRole.").append(role).append('=').append(request.isUserInRole(role)).append('\n');
            }
        }
        for (String name : new String[] {"io.certgate.outcome", "io.certgate.principal", "io.certgate.roles", "io.certgate.revocation", "io.certgate.denial-reason"}) {
            Object value = request.getAttribute(name);
            out.append(name).append('=').append(value == null ? "" : value).append('\n');
        }
        response.setContentType("text/plain;charset=utf-8");
        response.getWriter().write(out.toString());
    }
}
