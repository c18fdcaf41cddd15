package io.certgate.benchmarks.load;

import io.certgate.core.Decision;
import io.certgate.core.RequestAttributes;
import io.certgate.core.revocation.CertificateStatus;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.TreeSet;

/**
 * Echoes what certgate decided for the request: the principal, the roles (sorted) and the nextUpdate of the
 * revocation answers (the earliest of the checked certificates'), as {@code principal=P roles=R next=EPOCH_SECOND}, so the client can check every decision.
 */
public final class EchoServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object roles = request.getAttribute(RequestAttributes.ROLES);
        long next = request.getAttribute(RequestAttributes.DECISION) instanceof Decision.Authenticated a
                ? a.revocationStatus().flatMap(s -> s.certificates().stream().map(CertificateStatus::status)
                .flatMap(c -> c.nextUpdate().stream()).min(Instant::compareTo)).map(Instant::getEpochSecond).orElse(-1L)
                : -1L;
        response.setContentType("text/plain");
        response.getWriter().write("principal=" + request.getRemoteUser() + " roles="
                + String.join(",", new TreeSet<>(roles instanceof List<?> l ? l.stream().map(String::valueOf).toList()
                : List.of())) + " next=" + next);
    }
}
