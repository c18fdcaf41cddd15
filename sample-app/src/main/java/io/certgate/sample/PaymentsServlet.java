package io.certgate.sample;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.List;

/**
 * {@code /payments/*}: a JSON endpoint for the payments service, a workload identified by its SPIFFE ID; the
 * container lets only role {@code payments} in.
 */
public final class PaymentsServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Caller caller = Caller.of(request);
        String path = request.getPathInfo() == null ? "/" : request.getPathInfo();
        response.setContentType("application/json;charset=UTF-8");
        response.getWriter().write(new Json()
                .field("path", path)
                .field("service", caller.principal())
                .field("roles", caller.roles())
                .field("pending", List.of())
                + "\n");
    }
}
