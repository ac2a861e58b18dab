package dev.videogen.local.playground;

import com.sun.net.httpserver.HttpExchange;
import dev.videogen.engine.model.Fonts;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The playground page the local stack serves at {@code /}: static files from this package's resources (no build
 * step), the renderer's bundled fonts (so the preview draws text with the same faces), and a redirect that lets the
 * browser show the service's own {@code s3://} sources.
 */
public final class PlaygroundFiles {

    private static final String RESOURCES = "/dev/videogen/local/playground/";
    private static final String FONTS = "/dev/videogen/engine/fonts/";
    private static final Pattern FILE = Pattern.compile("[a-z0-9-]+\\.(html|js|css|json)");
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8",
            "json", "application/json; charset=utf-8");

    private final Function<String, Optional<String>> mediaUrls;

    /** @param mediaUrls an {@code s3://} source to a URL the browser can load, or empty when it is not the stack's */
    public PlaygroundFiles(Function<String, Optional<String>> mediaUrls) {
        this.mediaUrls = mediaUrls;
    }

    /** Whether {@code path} is the playground's. */
    public static boolean serves(String path) {
        return path.equals("/") || path.equals("/playground") || path.startsWith("/playground/");
    }

    public void serve(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
            send(exchange, 405, "text/plain; charset=utf-8", "use GET".getBytes(StandardCharsets.UTF_8));
            return;
        }
        if (path.equals("/") || path.equals("/playground") || path.equals("/playground/")) {
            resource(exchange, RESOURCES + "index.html", TYPES.get("html"));
            return;
        }
        String name = path.substring("/playground/".length());
        if (name.equals("fonts.css")) {
            StringBuilder css = new StringBuilder();
            for (String family : Fonts.BUNDLED) {
                css.append("@font-face { font-family: \"").append(family).append("\"; src: url(\"/playground/fonts/")
                        .append(Fonts.fileName(family)).append("\") format(\"truetype\"); }\n");
            }
            send(exchange, 200, "text/css; charset=utf-8", css.toString().getBytes(StandardCharsets.UTF_8));
        } else if (name.startsWith("fonts/")) {
            String font = name.substring("fonts/".length());
            boolean bundled = Fonts.BUNDLED.stream().anyMatch(family -> Fonts.fileName(family).equals(font));
            if (bundled) {
                resource(exchange, FONTS + font, "font/ttf");
            } else {
                notFound(exchange);
            }
        } else if (name.equals("media")) {
            String query = exchange.getRequestURI().getRawQuery();
            String source = query != null && query.startsWith("source=")
                    ? URLDecoder.decode(query.substring("source=".length()), StandardCharsets.UTF_8) : "";
            Optional<String> url = mediaUrls.apply(source);
            if (url.isEmpty()) {
                notFound(exchange);
                return;
            }
            exchange.getResponseHeaders().put("Location", List.of(URI.create(url.get()).toString()));
            send(exchange, 302, "text/plain; charset=utf-8", new byte[0]);
        } else if (FILE.matcher(name).matches()) {
            resource(exchange, RESOURCES + name, TYPES.get(name.substring(name.lastIndexOf('.') + 1)));
        } else {
            notFound(exchange);
        }
    }

    private static void resource(HttpExchange exchange, String resource, String type) throws IOException {
        try (InputStream in = PlaygroundFiles.class.getResourceAsStream(resource)) {
            if (in == null) {
                notFound(exchange);
                return;
            }
            send(exchange, 200, type, in.readAllBytes());
        }
    }

    private static void notFound(HttpExchange exchange) throws IOException {
        send(exchange, 404, "text/plain; charset=utf-8", "not found".getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().put("Content-Type", List.of(type));
        exchange.getResponseHeaders().put("Cache-Control", List.of("no-cache"));
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head || body.length == 0 ? -1 : body.length);
        if (!head && body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
