package dev.videogen.aws;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.videogen.jobs.api.ApiRequest;
import dev.videogen.jobs.api.ApiResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/** Converts API Gateway HTTP API (payload 2.0) events to the API's requests, and its responses back. */
public final class ApiEvents {

    private ApiEvents() {
    }

    public static ApiRequest toRequest(APIGatewayV2HTTPEvent event) {
        APIGatewayV2HTTPEvent.RequestContext context = event.getRequestContext();
        String method = context != null && context.getHttp() != null ? context.getHttp().getMethod() : "GET";
        String sourceIp = context != null && context.getHttp() != null ? context.getHttp().getSourceIp() : null;
        String requestId = context != null ? context.getRequestId() : null;
        byte[] body = event.getBody() == null ? new byte[0]
                : event.getIsBase64Encoded() ? Base64.getDecoder().decode(event.getBody())
                : event.getBody().getBytes(StandardCharsets.UTF_8);
        return new ApiRequest(method, event.getRawPath(), event.getQueryStringParameters(), event.getHeaders(), body,
                sourceIp, requestId, verifiedIdentity(context));
    }

    /** Claims a JWT authorizer verified, or the context a Lambda authorizer returned. */
    private static Map<String, String> verifiedIdentity(APIGatewayV2HTTPEvent.RequestContext context) {
        Map<String, String> identity = new HashMap<>();
        if (context == null || context.getAuthorizer() == null) {
            return identity;
        }
        APIGatewayV2HTTPEvent.RequestContext.Authorizer authorizer = context.getAuthorizer();
        if (authorizer.getJwt() != null && authorizer.getJwt().getClaims() != null) {
            identity.putAll(authorizer.getJwt().getClaims());
        }
        if (authorizer.getLambda() != null) {
            authorizer.getLambda().forEach((key, value) -> {
                if (value != null) {
                    identity.put(key, String.valueOf(value));
                }
            });
        }
        return identity;
    }

    /**
     * The event API Gateway would deliver for an HTTP request (payload 2.0): lower-case header names, the query
     * parsed, the body base64-encoded so any bytes survive. The local server uses this to call the real handler.
     */
    public static APIGatewayV2HTTPEvent event(String method, String rawPath, String rawQuery,
                                              Map<String, String> headers, byte[] body, String sourceIp) {
        Map<String, String> lowerCase = new HashMap<>();
        headers.forEach((name, value) -> lowerCase.merge(name.toLowerCase(java.util.Locale.ROOT), value,
                (a, b) -> a + "," + b));
        String requestId = java.util.UUID.randomUUID().toString();
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey("$default")
                .withRawPath(rawPath)
                .withRawQueryString(rawQuery == null ? "" : rawQuery)
                .withQueryStringParameters(query(rawQuery))
                .withHeaders(lowerCase)
                .withBody(body == null || body.length == 0 ? null : Base64.getEncoder().encodeToString(body))
                .withIsBase64Encoded(body != null && body.length > 0)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withRequestId(requestId)
                        .withRouteKey("$default")
                        .withStage("$default")
                        .withTimeEpoch(System.currentTimeMillis())
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod(method)
                                .withPath(rawPath)
                                .withProtocol("HTTP/1.1")
                                .withSourceIp(sourceIp)
                                .withUserAgent(lowerCase.get("user-agent"))
                                .build())
                        .build())
                .build();
    }

    private static Map<String, String> query(String rawQuery) {
        Map<String, String> parameters = new HashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return parameters;
        }
        for (String pair : rawQuery.split("&")) {
            int equals = pair.indexOf('=');
            String name = java.net.URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : java.net.URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            parameters.merge(name, value, (a, b) -> a + "," + b);
        }
        return parameters;
    }

    public static APIGatewayV2HTTPResponse toResponse(ApiResponse response) {
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(response.status())
                .withHeaders(response.headers())
                .withBody(response.body())
                .withIsBase64Encoded(false)
                .build();
    }
}
