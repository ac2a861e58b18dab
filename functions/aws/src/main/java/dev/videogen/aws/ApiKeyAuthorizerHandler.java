package dev.videogen.aws;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2CustomAuthorizerEvent;
import dev.videogen.jobs.ServiceConfig;
import dev.videogen.jobs.api.ApiRequest;
import dev.videogen.jobs.api.AuthenticationException;
import dev.videogen.jobs.api.Caller;
import dev.videogen.jobs.auth.ApiKeyAuthenticator;
import dev.videogen.jobs.auth.ApiKeys;
import dev.videogen.jobs.db.Database;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API's Lambda authorizer (REQUEST type, payload 2.0, simple responses) for {@code AUTH_MODE=api_key}:
 * reads the key from {@code x-api-key} or {@code Authorization: Bearer vg_…}, looks its hash up in {@code api_keys},
 * and answers {@code {"isAuthorized": true, "context": {"owner": <the key's owner>}}} or
 * {@code {"isAuthorized": false}}. The api function then finds the owner in the request's authorizer context.
 *
 * <p>When the database cannot be asked, the handler throws rather than deny: API Gateway caches denials, and a
 * short database outage must not lock valid keys out for the cache's lifetime.
 *
 * <p>Nothing is opened during initialisation (SnapStart): the database ({@code DATABASE_URL} or the secret named by
 * {@code DATABASE_SECRET_ARN}) is connected to on the first invocation and kept for the environment's life, in a
 * pool of {@code DATABASE_POOL_SIZE} connections (default 2, as the other functions).
 */
public final class ApiKeyAuthorizerHandler
        implements RequestHandler<APIGatewayV2CustomAuthorizerEvent, Map<String, Object>> {

    private static final Logger LOG = LoggerFactory.getLogger(ApiKeyAuthorizerHandler.class);

    private final Map<String, String> environment;
    private final int poolSize;
    private volatile ApiKeyAuthenticator authenticator;

    /** The handler Lambda instantiates, configured from {@code System.getenv()}. */
    public ApiKeyAuthorizerHandler() {
        this(System.getenv());
    }

    ApiKeyAuthorizerHandler(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
        this.poolSize = ServiceConfig.databasePoolSize(environment);
    }

    @Override
    public Map<String, Object> handleRequest(APIGatewayV2CustomAuthorizerEvent event, Context context) {
        ApiRequest request = toRequest(event);
        try {
            Caller caller = authenticator().authenticate(request);
            return Map.of("isAuthorized", true, "context", Map.of("owner", caller.subject()));
        } catch (AuthenticationException e) {
            LOG.info("request {} refused ({}): {}", request.requestId(), e.status(), e.getMessage());
            return Map.of("isAuthorized", false);
        }
    }

    private static ApiRequest toRequest(APIGatewayV2CustomAuthorizerEvent event) {
        APIGatewayV2CustomAuthorizerEvent.RequestContext context = event.getRequestContext();
        APIGatewayV2CustomAuthorizerEvent.Http http = context == null ? null : context.getHttp();
        return new ApiRequest(http == null ? null : http.getMethod(), event.getRawPath(), null, event.getHeaders(),
                null, http == null ? null : http.getSourceIp(), context == null ? null : context.getRequestId());
    }

    private ApiKeyAuthenticator authenticator() {
        ApiKeyAuthenticator current = authenticator;
        if (current == null) {
            synchronized (this) {
                current = authenticator;
                if (current == null) {
                    DatabaseCredentials credentials = DatabaseCredentials.fromEnvironment(environment);
                    Database database = Database.connect(credentials.url(), credentials.user(), credentials.password(),
                            poolSize);
                    current = new ApiKeyAuthenticator(new ApiKeys(database));
                    authenticator = current;
                }
            }
        }
        return current;
    }
}
