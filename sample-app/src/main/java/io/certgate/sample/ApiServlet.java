package io.certgate.sample;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.List;

/** {@code /api/*}: a read-only JSON API for roles {@code reader} and {@code admin}. */
public final class ApiServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final List<String> REPORTS = List.of("daily-logins", "certificates-expiring", "revocations");

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Caller caller = Caller.of(request);
        String path = request.getPathInfo() == null ? "/" : request.getPathInfo();
        response.setContentType("application/json;charset=UTF-8");
        response.getWriter().write(new Json()
                .field("path", path)
                .field("caller", caller.principal())
                .field("roles", caller.roles())
                .field("reports", REPORTS)
                + "\n");
    }
}
