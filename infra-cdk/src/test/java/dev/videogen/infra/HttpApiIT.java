package dev.videogen.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.assertions.Match;

class HttpApiIT {

    static final Set<String> PUBLIC_ROUTES = Set.of("GET /v1/health", "GET /health", "GET /v1/openapi.json");
    static final Set<String> PROTECTED_ROUTES = Set.of("POST /v1/videocreate", "GET /v1/videoresult/{job_id}",
            "DELETE /v1/videoresult/{job_id}", "GET /v1/videoresult/{job_id}/download",
            "GET /v1/videoresult/{job_id}/webhooks", "GET /v1/metrics",
            "POST /v1/uploads", "GET /v1/templates", "POST /v1/templates", "GET /v1/templates/{template_id}",
            "PUT /v1/templates/{template_id}", "DELETE /v1/templates/{template_id}");

    static Synthesis dev;
    static Synthesis staging;
    static Synthesis prod;

    @BeforeAll
    static void synthesise() {
        dev = Synthesis.of("dev");
        staging = Synthesis.of("staging");
        prod = Synthesis.of("prod");
    }

    static Synthesis env(String name) {
        return Synthesis.of(name);
    }

    /** Route key → the authorizer it uses ("NONE" for public routes). */
    static Map<String, String> routes(Synthesis env) {
        Map<String, String> routes = new TreeMap<>();
        for (JsonNode route : env.serviceResources("AWS::ApiGatewayV2::Route").values()) {
            JsonNode properties = route.path("Properties");
            routes.put(properties.path("RouteKey").asText(), properties.path("AuthorizationType").asText("NONE"));
        }
        return routes;
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void everyContractRouteIsRoutedAndTheLocalOnlyEventStreamIsNot(String name) {
        Set<String> expected = new TreeSet<>(PUBLIC_ROUTES);
        expected.addAll(PROTECTED_ROUTES);
        assertThat(routes(env(name)).keySet()).containsExactlyInAnyOrderElementsOf(expected)
                .doesNotContain("GET /v1/videoresult/{job_id}/events");
    }

    /** Public routes are open; protected ones use {@code authorizationType}, with an authorizer unless it is NONE. */
    static void assertProtectedRoutesUse(Synthesis env, String authorizationType) {
        Map<String, String> routes = routes(env);
        PUBLIC_ROUTES.forEach(route -> assertThat(routes.get(route)).as(route).isEqualTo("NONE"));
        PROTECTED_ROUTES.forEach(route -> assertThat(routes.get(route)).as(route).isEqualTo(authorizationType));
        for (JsonNode route : env.serviceResources("AWS::ApiGatewayV2::Route").values()) {
            JsonNode properties = route.path("Properties");
            boolean hasAuthorizer = !properties.path("AuthorizerId").isMissingNode();
            boolean guarded = PROTECTED_ROUTES.contains(properties.path("RouteKey").asText())
                    && !authorizationType.equals("NONE");
            assertThat(hasAuthorizer).as(properties.path("RouteKey").asText()).isEqualTo(guarded);
        }
    }

    static JsonNode variables(Synthesis env, String role) {
        return env.function(role).path("Properties").path("Environment").path("Variables");
    }

    @Test
    void inApiKeyModeHealthAndOpenApiAreOpenAndEverythingElseNeedsTheLambdaAuthorizer() {
        assertProtectedRoutesUse(dev, "CUSTOM");
    }

    @ParameterizedTest
    @ValueSource(strings = {"staging", "prod"})
    void inJwtModeTheGatewayPassesTokensToTheApiFunctionWhichVerifiesThem(String name) {
        Synthesis env = env(name);
        // API Gateway's JWT authorizer would refuse the ES256 and HS256 tokens Supabase projects sign.
        assertProtectedRoutesUse(env, "NONE");
        env.service.resourceCountIs("AWS::ApiGatewayV2::Authorizer", 0);
        assertThat(env.serviceResources("AWS::Lambda::Function").values())
                .noneMatch(f -> f.path("Properties").path("Handler").asText().contains("ApiKeyAuthorizerHandler"));
        JsonNode api = variables(env, "api");
        assertThat(api.path("AUTH_MODE").asText()).isEqualTo("jwt");
        assertThat(api.path("JWT_JWKS_URL").asText()).isEqualTo(Synthesis.SUPABASE_URL + "/auth/v1/.well-known/jwks.json");
        assertThat(api.path("JWT_ISSUER").asText()).isEqualTo(Synthesis.SUPABASE_URL + "/auth/v1");
        assertThat(api.path("JWT_AUDIENCE").asText()).isEqualTo("authenticated");
    }

    @Test
    void anRs256ProjectCanPutTheGatewaysJwtAuthorizerInFrontOfTheFunctionsOwnCheck() {
        EnvironmentConfig staging = EnvironmentConfig.named("staging");
        assertThat(staging.gatewayJwtAuthorizer()).isFalse();
        Synthesis rs256 = Synthesis.ofConfig(ConfigVariants.with(staging, "gatewayJwtAuthorizer", true),
                "variant-staging-gateway-jwt");
        rs256.service.hasResourceProperties("AWS::ApiGatewayV2::Authorizer", Map.of(
                "AuthorizerType", "JWT",
                "IdentitySource", List.of("$request.header.Authorization"),
                "JwtConfiguration", Map.of(
                        "Issuer", Synthesis.SUPABASE_URL + "/auth/v1",
                        "Audience", List.of("authenticated"))));
        rs256.service.resourceCountIs("AWS::ApiGatewayV2::Authorizer", 1);
        assertProtectedRoutesUse(rs256, "JWT");
        // The function still verifies: the gateway only turns bad tokens away earlier.
        assertThat(variables(rs256, "api").path("JWT_JWKS_URL").asText()).endsWith("/auth/v1/.well-known/jwks.json");
    }

    @Test
    void devChecksHashedApiKeysFromTheXApiKeyHeaderWithALambdaAuthorizerGivingSimpleResponses() {
        dev.service.hasResourceProperties("AWS::ApiGatewayV2::Authorizer", Map.of(
                "AuthorizerType", "REQUEST",
                "EnableSimpleResponses", true,
                "AuthorizerPayloadFormatVersion", "2.0",
                // API Gateway refuses a request without this header before the authorizer runs.
                "IdentitySource", List.of("$request.header.x-api-key"),
                "AuthorizerResultTtlInSeconds", 60));
        assertThat(dev.function("authorizer").path("Properties").path("Handler").asText())
                .isEqualTo("dev.videogen.aws.ApiKeyAuthorizerHandler::handleRequest");
        // The authorizer is invoked through its SnapStart alias, like the api function.
        JsonNode authorizer = dev.serviceResources("AWS::ApiGatewayV2::Authorizer").values().iterator().next();
        assertThat(authorizer.path("Properties").path("AuthorizerUri").toString()).contains("AuthorizerLiveAlias");
    }

    @Test
    void theAuthorizerOutlastsItsDatabaseConnectionTimeout() {
        int databaseConnectTimeoutSeconds = 10;
        int timeout = dev.function("authorizer").path("Properties").path("Timeout").asInt();
        assertThat(timeout).isGreaterThan(databaseConnectTimeoutSeconds).isGreaterThanOrEqualTo(15);
        assertThat(ServiceStack.AUTHORIZER_DATABASE_CONNECT_TIMEOUT_SECONDS).isEqualTo(databaseConnectTimeoutSeconds);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void browsersMaySendTheCredentialContentTypeAndIdempotencyHeaders(String name) {
        JsonNode api = env(name).serviceResources("AWS::ApiGatewayV2::Api").values().iterator().next();
        JsonNode cors = api.path("Properties").path("CorsConfiguration");
        assertThat(Synthesis.strings(cors.path("AllowHeaders")).stream().map(h -> h.toLowerCase(Locale.ROOT)))
                .containsExactlyInAnyOrder("x-api-key", "authorization", "content-type", "idempotency-key");
        assertThat(Synthesis.strings(cors.path("AllowMethods"))).contains("GET", "POST", "PUT", "DELETE");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void everyRouteInvokesTheApiFunctionThroughItsLiveAlias(String name) {
        Map<String, JsonNode> integrations = env(name).serviceResources("AWS::ApiGatewayV2::Integration");
        assertThat(integrations).hasSize(1);
        JsonNode integration = integrations.values().iterator().next().path("Properties");
        assertThat(integration.path("IntegrationType").asText()).isEqualTo("AWS_PROXY");
        assertThat(integration.path("PayloadFormatVersion").asText()).isEqualTo("2.0");
        assertThat(integration.path("IntegrationUri").path("Ref").asText()).startsWith("ApiLiveAlias");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void apiFunctionPublishesASnapStartVersionBehindTheLiveAlias(String name) {
        Synthesis env = env(name);
        JsonNode api = env.function("api").path("Properties");
        assertThat(api.path("Runtime").asText()).isEqualTo("java21");
        assertThat(api.path("Handler").asText()).isEqualTo("dev.videogen.aws.ApiHandler::handleRequest");
        assertThat(api.path("SnapStart").path("ApplyOn").asText()).isEqualTo("PublishedVersions");
        assertThat(api.path("EphemeralStorage").path("Size").asInt())
                .isLessThanOrEqualTo(EnvironmentConfig.SNAPSTART_MAX_EPHEMERAL_STORAGE_MB);
        env.service.hasResourceProperties("AWS::Lambda::Alias", Map.of(
                "Name", ServiceStack.LIVE_ALIAS,
                "FunctionName", Map.of("Ref", env.functionId("api")),
                "FunctionVersion", Match.objectLike(Map.of("Fn::GetAtt", Match.arrayWith(List.of("Version"))))));
        env.service.hasResourceProperties("AWS::Lambda::Version", Map.of(
                "FunctionName", Map.of("Ref", env.functionId("api"))));
    }

    @Test
    void apiFunctionWithALargeTmpGetsNoSnapStartBecauseLambdaRefusesIt() {
        EnvironmentConfig largeTmp = ConfigVariants.with(EnvironmentConfig.named("staging"), "apiEphemeralStorageMb", 1024);
        Synthesis variant = Synthesis.ofConfig(largeTmp);
        JsonNode api = variant.function("api").path("Properties");
        assertThat(api.path("EphemeralStorage").path("Size").asInt()).isEqualTo(1024);
        assertThat(api.has("SnapStart")).isFalse();
    }

    @Test
    void reservedConcurrencyOfTheApiFunctionAndTheAuthorizerFollowsTheEnvironment() {
        assertThat(dev.function("api").path("Properties").path("ReservedConcurrentExecutions").asInt()).isEqualTo(5);
        assertThat(dev.function("authorizer").path("Properties").path("ReservedConcurrentExecutions").asInt())
                .isEqualTo(2);
        assertThat(staging.function("api").path("Properties").path("ReservedConcurrentExecutions").asInt()).isEqualTo(10);
        assertThat(prod.function("api").path("Properties").path("ReservedConcurrentExecutions").asInt()).isEqualTo(40);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void theDefaultStageThrottlesAtTheEnvironmentsLimitsAndLogsAccess(String name) {
        EnvironmentConfig config = env(name).deployment.config();
        env(name).service.hasResourceProperties("AWS::ApiGatewayV2::Stage", Map.of(
                "StageName", "$default",
                "AutoDeploy", true,
                "DefaultRouteSettings", Map.of(
                        "ThrottlingRateLimit", config.throttleRatePerSecond(),
                        "ThrottlingBurstLimit", config.throttleBurst()),
                "AccessLogSettings", Map.of(
                        "DestinationArn", Match.objectLike(Map.of("Fn::GetAtt", Match.arrayWith(List.of("Arn")))),
                        "Format", Match.stringLikeRegexp(".*\\$context\\.requestId.*"))));
    }

    @Test
    void throttlingRisesFromDevToProd() {
        assertThat(dev.deployment.config().throttleRatePerSecond())
                .isLessThan(staging.deployment.config().throttleRatePerSecond());
        assertThat(staging.deployment.config().throttleRatePerSecond())
                .isLessThan(prod.deployment.config().throttleRatePerSecond());
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void apiFunctionStartsWithTheClientCompilerOnly(String name) {
        assertThat(env(name).function("api").path("Properties").path("Environment").path("Variables")
                .path("JAVA_TOOL_OPTIONS").asText()).isEqualTo("-XX:+TieredCompilation -XX:TieredStopAtLevel=1");
    }
}
