package io.certgate.sample;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/** The public home page: what the application offers and who may use it. No constraint applies to it. */
public final class IndexServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String base = Html.escape(request.getContextPath());
        Html.page(request, response, "certgate sample application", """
                <p>Every page below needs a client certificate. The container verifies it; certgate's rules
                (<code>WEB-INF/certgate.rules</code>) name the client and grant its roles; the container's
                standard <code>&lt;security-constraint&gt;</code>s decide.</p>
                <table>
                <tr><th><a href="%1$s/whoami">/whoami</a></th><td>any client certgate authenticates: who you are</td></tr>
                <tr><th><a href="%1$s/admin/">/admin/</a></th><td>role <code>admin</code></td></tr>
                <tr><th><a href="%1$s/api/">/api/</a></th><td>role <code>reader</code> or <code>admin</code>, JSON</td></tr>
                <tr><th><a href="%1$s/payments/">/payments/</a></th><td>role <code>payments</code>, the SPIFFE-identified payments service, JSON</td></tr>
                </table>
                """.formatted(base));
    }
}
