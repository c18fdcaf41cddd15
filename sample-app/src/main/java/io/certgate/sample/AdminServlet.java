package io.certgate.sample;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/** {@code /admin/*}: the operators' console; the container lets only role {@code admin} in. */
public final class AdminServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Caller caller = Caller.of(request);
        Html.page(request, response, "Operators' console", """
                <p>Welcome, %s. Only clients with the role <code>admin</code> see this page.</p>
                <p>Your roles: %s</p>
                """.formatted(Html.escape(caller.principal()), Html.escape(String.join(", ", caller.roles()))));
    }
}
