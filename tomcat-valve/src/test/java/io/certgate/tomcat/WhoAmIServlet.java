package io.certgate.tomcat;

import io.certgate.core.RequestAttributes;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/** The test web applications' one servlet: prints what the container and certgate say about the caller. */
public final class WhoAmIServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException, ServletException {
        // ?authenticate: log in from the application, as HttpServletRequest.authenticate() allows on any path.
        if (req.getParameter("authenticate") != null && !req.authenticate(resp)) {
            return;
        }
        String session = req.getParameter("session") != null ? req.getSession(true).getId() : null;
        resp.setContentType("text/plain;charset=UTF-8");
        resp.getWriter().print("user=" + req.getRemoteUser()
                + "\nprincipal=" + (req.getUserPrincipal() == null ? null : req.getUserPrincipal().getName())
                + "\nadmin=" + req.isUserInRole("admin")
                + "\nuser-role=" + req.isUserInRole("user")
                + "\noutcome=" + req.getAttribute(RequestAttributes.OUTCOME)
                + "\nroles=" + req.getAttribute(RequestAttributes.ROLES)
                + "\nrevocation=" + req.getAttribute(RequestAttributes.REVOCATION)
                + "\nsession=" + session + "\n");
    }
}
