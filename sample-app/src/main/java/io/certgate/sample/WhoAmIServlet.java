package io.certgate.sample;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * {@code /whoami}: the principal, roles and authentication type the container reports, the client certificate's
 * subject and SANs, and the revocation status certgate's decision carries. HTML for browsers; JSON when the
 * request asks for {@code application/json} or has {@code ?format=json}.
 */
public final class WhoAmIServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Caller caller = Caller.of(request);
        if (wantsJson(request)) {
            response.setContentType("application/json;charset=UTF-8");
            response.getWriter().write(caller.json() + "\n");
            return;
        }
        StringBuilder rows = new StringBuilder();
        row(rows, "principal", caller.principal());
        row(rows, "roles", caller.roles().isEmpty() ? "(none)" : String.join(", ", caller.roles()));
        row(rows, "authentication", caller.authType());
        row(rows, "revocation", caller.revocation());
        row(rows, "subject", caller.subject());
        row(rows, "subject alt names", String.join(", ", caller.sans()));
        row(rows, "issuer", caller.issuer());
        row(rows, "serial", caller.serial());
        Html.page(request, response, "Who am I", "<table>\n" + rows + "</table>\n"
                + "<p>The same as JSON: <a href=\"?format=json\">?format=json</a></p>");
    }

    static boolean wantsJson(HttpServletRequest request) {
        String accept = request.getHeader("Accept");
        return "json".equals(request.getParameter("format")) || accept != null && accept.contains("application/json");
    }

    private static void row(StringBuilder rows, String name, String value) {
        rows.append("<tr><th>").append(Html.escape(name)).append("</th><td>").append(Html.escape(value))
                .append("</td></tr>\n");
    }
}
