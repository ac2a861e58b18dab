package dev.videogen.jobs.api;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * An HTTP request as the API sees it, whatever carried it (API Gateway, the local server).
 *
 * @param method    upper-case HTTP method
 * @param path      the raw path, e.g. {@code /v1/videoresult/vg_…}
 * @param query     query parameters (first value of each)
 * @param headers   headers; names are matched without regard to case
 * @param body      the body bytes ({@code null} or empty when none)
 * @param sourceIp  the caller's address as the edge saw it
 * @param requestId the edge's request id, for logs and records
 */
public record ApiRequest(String method, String path, Map<String, String> query, Map<String, String> headers,
                         byte[] body, String sourceIp, String requestId) {

    public ApiRequest {
        TreeMap<String, String> caseless = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (headers != null) {
            caseless.putAll(headers);
        }
        headers = caseless;
        query = query == null ? Map.of() : Map.copyOf(query);
        method = method == null ? "GET" : method.toUpperCase(Locale.ROOT);
        body = body == null ? new byte[0] : body;
    }

    public String header(String name) {
        return headers.get(name);
    }
}
