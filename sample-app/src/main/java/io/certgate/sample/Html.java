package io.certgate.sample;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/** The application's HTML pages: one small layout, every value escaped. */
final class Html {
    private Html() {
    }

    /** Escapes text for HTML element content and quoted attribute values; null becomes an empty string. */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** Writes a page with the given title and body (already HTML), linking back to the application's home page. */
    static void page(HttpServletRequest request, HttpServletResponse response, String title, String body)
            throws IOException {
        response.setContentType("text/html;charset=UTF-8");
        response.getWriter().write("""
                <!DOCTYPE html>
                <html lang="en">
                <head><meta charset="utf-8"><title>%1$s</title>
                <style>body{font-family:system-ui,sans-serif;max-width:46em;margin:2em auto;padding:0 1em}
                th{text-align:left;padding-right:1em;vertical-align:top}code{background:#f3f3f3}</style></head>
                <body>
                <h1>%1$s</h1>
                %2$s
                <p><a href="%3$s/">certgate sample application</a></p>
                </body>
                </html>
                """.formatted(escape(title), body, escape(request.getContextPath())));
    }
}
