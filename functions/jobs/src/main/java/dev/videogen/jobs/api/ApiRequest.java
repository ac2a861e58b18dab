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
 * @param verifiedIdentity what an authorizer at the edge already verified (JWT claims, or an API key's owner);
 *                  empty when nothing was verified before the request reached the service
 */
public record ApiRequest(String method, String path, Map<String, String> query, Map<String, String> headers,
                         byte[] body, String sourceIp, String requestId, Map<String, String> verifiedIdentity) {

    public ApiRequest {
        TreeMap<String, String> caseless = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (headers != null) {
            caseless.putAll(headers);
        }
        headers = caseless;
        query = query == null ? Map.of() : Map.copyOf(query);
        method = method == null ? "GET" : method.toUpperCase(Locale.ROOT);
        body = body == null ? new byte[0] : body;
        verifiedIdentity = verifiedIdentity == null ? Map.of() : Map.copyOf(verifiedIdentity);
    }

    /** A request with nothing verified at the edge. */
    public ApiRequest(String method, String path, Map<String, String> query, Map<String, String> headers, byte[] body,
                      String sourceIp, String requestId) {
        this(method, path, query, headers, body, sourceIp, requestId, Map.of());
    }

    public String header(String name) {
        return headers.get(name);
    }
}
