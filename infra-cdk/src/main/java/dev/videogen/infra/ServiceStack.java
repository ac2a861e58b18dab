package dev.videogen.infra;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.CfnOutputProps;
import software.amazon.awscdk.CustomResource;
import software.amazon.awscdk.CustomResourceProps;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Size;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.aws_apigatewayv2_authorizers.HttpJwtAuthorizer;
import software.amazon.awscdk.aws_apigatewayv2_authorizers.HttpJwtAuthorizerProps;
import software.amazon.awscdk.aws_apigatewayv2_authorizers.HttpLambdaAuthorizer;
import software.amazon.awscdk.aws_apigatewayv2_authorizers.HttpLambdaAuthorizerProps;
import software.amazon.awscdk.aws_apigatewayv2_authorizers.HttpLambdaResponseType;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpLambdaIntegration;
import software.amazon.awscdk.customresources.Provider;
import software.amazon.awscdk.customresources.ProviderProps;
import software.amazon.awscdk.services.apigateway.AccessLogFormat;
import software.amazon.awscdk.services.apigatewayv2.AddRoutesOptions;
import software.amazon.awscdk.services.apigatewayv2.CorsHttpMethod;
import software.amazon.awscdk.services.apigatewayv2.CorsPreflightOptions;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.apigatewayv2.HttpRoute;
import software.amazon.awscdk.services.apigatewayv2.HttpApiProps;
import software.amazon.awscdk.services.apigatewayv2.HttpMethod;
import software.amazon.awscdk.services.apigatewayv2.HttpStage;
import software.amazon.awscdk.services.apigatewayv2.HttpStageOptions;
import software.amazon.awscdk.services.apigatewayv2.IAccessLogDestination;
import software.amazon.awscdk.services.apigatewayv2.IAccessLogSettings;
import software.amazon.awscdk.services.apigatewayv2.IHttpRouteAuthorizer;
import software.amazon.awscdk.services.apigatewayv2.LogGroupLogDestination;
import software.amazon.awscdk.services.apigatewayv2.ThrottleSettings;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.RuleProps;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.events.targets.LambdaFunctionProps;
import software.amazon.awscdk.services.iam.Effect;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import io.github.cdklabs.cdknag.NagSuppressions;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.PolicyStatementProps;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.AliasProps;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.FunctionProps;
import software.amazon.awscdk.services.lambda.ILayerVersion;
import software.amazon.awscdk.services.lambda.LayerVersion;
import software.amazon.awscdk.services.lambda.LayerVersionProps;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSource;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSourceProps;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.LogGroupProps;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.amazon.awscdk.services.sqs.QueueProps;
import software.constructs.Construct;

/**
 * The running service of one environment: the HTTP API and its authorizer if any, the render queue and
 * its dead-letter queue, the functions (api, render, dead-letter consumer, sweeper, migration),
 * the FFmpeg layer, the migration step and the alarms. Every function runs from the same shaded
 * jar; each gets only the permissions its handler needs.
 */
public class ServiceStack extends Stack {

    /** The managed policy every function's role gets from the CDK, as cdk-nag names it. */
    private static final String BASIC_EXECUTION_ROLE =
            "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole";
    /** Routes reachable without credentials. */
    private static final java.util.Set<String> PUBLIC_PATHS = java.util.Set.of("/v1/health", "/health",
            "/v1/openapi.json");

    /** The alias API Gateway invokes, so SnapStart serves a published, snapshotted version. */
    public static final String LIVE_ALIAS = "live";
    /** Where the layer's files appear on Lambda. */
    public static final String FFMPEG_PATH = "/opt/bin/ffmpeg";
    public static final String FONT_DIR = "/opt/fonts";
    /** Client-compiler-only JIT: the api function's cold start matters more than its peak throughput. */
    public static final String API_JAVA_TOOL_OPTIONS = "-XX:+TieredCompilation -XX:TieredStopAtLevel=1";
    /**
     * The header API Gateway requires before it invokes the API-key authorizer: a request without it is refused
     * with 401 and never reaches the authorizer, so it must be the header clients send their key in.
     */
    public static final String API_KEY_IDENTITY_SOURCE = "$request.header.x-api-key";
    /** Request headers browsers may send cross-origin: both credentials, the body's type and idempotency. */
    public static final List<String> CORS_ALLOWED_HEADERS =
            List.of("x-api-key", "authorization", "content-type", "idempotency-key");
    /**
     * The connection timeout of the pool the authorizer opens on its first request (HikariCP's, set in the jobs
     * module's {@code Database}).
     */
    public static final int AUTHORIZER_DATABASE_CONNECT_TIMEOUT_SECONDS = 10;
    /** Longer than the database connection timeout, so a slow pooler ends in an error the handler reports. */
    public static final int AUTHORIZER_TIMEOUT_SECONDS = 15;
    public static final int DEAD_LETTER_TIMEOUT_SECONDS = 60;
    public static final int SWEEPER_TIMEOUT_SECONDS = 120;
    /** Every minute: jobs whose queue message was lost are queued again within a minute, webhooks retried. */
    public static final int SWEEP_INTERVAL_MINUTES = 1;
    /**
     * Receives of a render message beyond the job's attempts before it is dead-lettered: room for copies of a message
     * that came before their retry was due, so the worker, not the queue, ends a job whose attempts are spent (with
     * its own error code).
     */
    public static final int SPARE_RECEIVES = 2;
    public static final int MIGRATION_TIMEOUT_SECONDS = 600;

    private static final String HANDLER_PACKAGE = "dev.videogen.aws.";

    private final Deployment deployment;
    private final EnvironmentConfig config;
    private final Code functionsJar;
    private final Function apiFunction;
    private final Alias apiAlias;
    private final Function renderFunction;
    private final Function deadLetterFunction;
    private final Function sweeperFunction;
    private final Function migrationFunction;
    private final Function authorizerFunction;
    private final Queue renderQueue;
    private final Queue deadLetterQueue;
    private final HttpApi httpApi;
    private final HttpStage stage;
    private final CustomResource migration;

    public ServiceStack(Construct scope, String id, StackProps props, Deployment deployment, StorageStack storage) {
        super(scope, id, props);
        this.deployment = deployment;
        this.config = deployment.config();
        this.functionsJar = Code.fromAsset(deployment.artifacts().functionsJar().toString());
        IBucket bucket = storage.outputBucket();

        ISecret databaseSecret = deployment.databaseSecret().resolve(this, "DatabaseSecret");
        ISecret webhookSecret = deployment.webhookSecret().resolve(this, "WebhookSecret");
        Optional<ISecret> jwtSecret = deployment.jwtSecret().map(secret -> secret.resolve(this, "JwtSecret"));

        deadLetterQueue = new Queue(this, "RenderDeadLetterQueue", QueueProps.builder()
                .queueName(config.resourcePrefix() + "-render-dlq")
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .retentionPeriod(Duration.days(14))
                .visibilityTimeout(Duration.seconds(EnvironmentConfig.VISIBILITY_TIMEOUT_FACTOR * DEAD_LETTER_TIMEOUT_SECONDS))
                .build());
        renderQueue = new Queue(this, "RenderQueue", QueueProps.builder()
                .queueName(config.resourcePrefix() + "-render")
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .retentionPeriod(Duration.days(4))
                .visibilityTimeout(Duration.seconds(config.renderQueueVisibilityTimeoutSeconds()))
                .deadLetterQueue(DeadLetterQueue.builder()
                        .queue(deadLetterQueue)
                        .maxReceiveCount(config.maxReceiveCount() + SPARE_RECEIVES)
                        .build())
                .build());

        LayerVersion ffmpegLayer = new LayerVersion(this, "FfmpegLayer", LayerVersionProps.builder()
                .layerVersionName(config.resourcePrefix() + "-ffmpeg")
                .description("Static FFmpeg at " + FFMPEG_PATH + " and fonts in " + FONT_DIR)
                .code(Code.fromAsset(deployment.artifacts().layerZip().toString()))
                .compatibleRuntimes(List.of(Runtime.JAVA_21))
                .compatibleArchitectures(List.of(Architecture.X86_64))
                .build());

        Map<String, String> shared = sharedEnvironment(bucket, storage, databaseSecret, webhookSecret);

        // The migration runs first; every other function depends on it, so new code never meets an old schema.
        // Flyway opens its own connections (no pool, so no DATABASE_POOL_SIZE), through a session: see MigrationHandler.
        migrationFunction = function("migration", "MigrationHandler", FunctionShape.builder()
                .memoryMb(1024).timeoutSeconds(MIGRATION_TIMEOUT_SECONDS)
                .reservedConcurrency(EnvironmentConfig.MIGRATION_RESERVED_CONCURRENCY)
                .environment(Map.of("VIDEOGEN_ENV", config.name(), "DATABASE_SECRET_ARN", databaseSecret.getSecretArn())));
        databaseSecret.grantRead(migrationFunction);
        migration = migrationStep(databaseSecret);

        apiFunction = function("api", "ApiHandler", FunctionShape.builder()
                .memoryMb(config.apiMemoryMb())
                .ephemeralStorageMb(config.apiEphemeralStorageMb())
                .timeoutSeconds(config.apiTimeoutSeconds())
                .reservedConcurrency(config.apiReservedConcurrency())
                .snapStart(config.apiSnapStart())
                .layer(ffmpegLayer)
                .environment(apiEnvironment(shared, jwtSecret)));
        apiAlias = liveAlias("Api", apiFunction);
        allowObjectAccess(apiFunction, bucket);
        allowUploadPresigning(apiFunction, bucket);
        renderQueue.grantSendMessages(apiFunction);
        grantSecrets(apiFunction, databaseSecret, webhookSecret);
        // Only the api function verifies tokens, so only it may read the HS256 key.
        jwtSecret.ifPresent(secret -> secret.grantRead(apiFunction));

        renderFunction = function("render", "RenderHandler", FunctionShape.builder()
                .memoryMb(config.renderMemoryMb())
                .ephemeralStorageMb(config.renderEphemeralStorageMb())
                .timeoutSeconds(config.renderTimeoutSeconds())
                .layer(ffmpegLayer)
                .environment(shared));
        allowObjectAccess(renderFunction, bucket);
        allowPieceAccess(renderFunction, bucket);
        // a long job's render sends one message per piece to the same queue, so the pieces run within the render
        // function's concurrency (and within the connection budget counted from it)
        renderQueue.grantSendMessages(renderFunction);
        grantSecrets(renderFunction, databaseSecret, webhookSecret);
        renderFunction.addEventSource(new SqsEventSource(renderQueue, SqsEventSourceProps.builder()
                .batchSize(1)
                .reportBatchItemFailures(true)
                .maxConcurrency(config.renderMaxConcurrency())
                .build()));

        deadLetterFunction = function("dead-letter", "DeadLetterHandler", FunctionShape.builder()
                .memoryMb(1024).timeoutSeconds(DEAD_LETTER_TIMEOUT_SECONDS).environment(shared));
        grantSecrets(deadLetterFunction, databaseSecret, webhookSecret);
        deadLetterFunction.addEventSource(new SqsEventSource(deadLetterQueue, SqsEventSourceProps.builder()
                .batchSize(1)
                .reportBatchItemFailures(true)
                .maxConcurrency(EnvironmentConfig.DEAD_LETTER_MAX_CONCURRENCY)
                .build()));

        sweeperFunction = function("sweeper", "SweeperHandler", FunctionShape.builder()
                .memoryMb(1024).timeoutSeconds(SWEEPER_TIMEOUT_SECONDS)
                .reservedConcurrency(EnvironmentConfig.SWEEPER_RESERVED_CONCURRENCY)
                .environment(shared));
        grantSecrets(sweeperFunction, databaseSecret, webhookSecret);
        // the sweeper queues again the jobs whose message was lost (never sent, or its worker died)
        renderQueue.grantSendMessages(sweeperFunction);
        new Rule(this, "SweeperSchedule", RuleProps.builder()
                .description("Times out late jobs, expires old results, queues lost jobs again, retries webhooks")
                .schedule(Schedule.rate(Duration.minutes(SWEEP_INTERVAL_MINUTES)))
                .targets(List.of(new LambdaFunction(sweeperFunction, LambdaFunctionProps.builder()
                        .retryAttempts(2)
                        .maxEventAge(Duration.minutes(SWEEP_INTERVAL_MINUTES))
                        .build())))
                .build());

        IHttpRouteAuthorizer authorizer;
        if (config.authMode() == AuthMode.API_KEY) {
            authorizerFunction = function("authorizer", "ApiKeyAuthorizerHandler", FunctionShape.builder()
                    .memoryMb(1024).timeoutSeconds(AUTHORIZER_TIMEOUT_SECONDS).snapStart(true)
                    .reservedConcurrency(config.authorizerReservedConcurrency().orElseThrow())
                    .environment(Map.of(
                            "VIDEOGEN_ENV", config.name(),
                            "AUTH_MODE", config.authMode().environmentValue(),
                            "DATABASE_SECRET_ARN", databaseSecret.getSecretArn(),
                            "DATABASE_POOL_SIZE", Integer.toString(config.databasePoolSize()),
                            "JAVA_TOOL_OPTIONS", API_JAVA_TOOL_OPTIONS)));
            databaseSecret.grantRead(authorizerFunction);
            authorizer = new HttpLambdaAuthorizer("ApiKeyAuthorizer", liveAlias("Authorizer", authorizerFunction),
                    HttpLambdaAuthorizerProps.builder()
                            .authorizerName(config.resourcePrefix() + "-api-key")
                            .responseTypes(List.of(HttpLambdaResponseType.SIMPLE))
                            .identitySource(List.of(API_KEY_IDENTITY_SOURCE))
                            // as long as the api function trusts a key it has looked up: a revoked key stops within a minute
                            .resultsCacheTtl(Duration.minutes(1))
                            .build());
        } else if (config.gatewayJwtAuthorizer()) {
            // RS256 projects only: the built-in authorizer refuses ES256 and HS256 tokens before the function sees them.
            authorizerFunction = null;
            SupabaseJwt jwt = deployment.supabaseJwt().orElseThrow();
            authorizer = new HttpJwtAuthorizer("SupabaseJwtAuthorizer", jwt.issuer(), HttpJwtAuthorizerProps.builder()
                    .authorizerName(config.resourcePrefix() + "-supabase-jwt")
                    .jwtAudience(List.of(jwt.audience()))
                    .build());
        } else {
            // The api function verifies every token itself (AUTH_MODE=jwt, JWT_* variables): HS256, ES256 and RS256.
            authorizerFunction = null;
            authorizer = null;
        }

        for (Function serviceFunction : serviceFunctions()) {
            serviceFunction.getNode().addDependency(migration);
        }

        httpApi = new HttpApi(this, "HttpApi", HttpApiProps.builder()
                .apiName(config.resourcePrefix() + "-api")
                .description("Videogen HTTP API, " + config.name())
                .createDefaultStage(false)
                .corsPreflight(CorsPreflightOptions.builder()
                        .allowOrigins(deployment.corsAllowedOrigins())
                        .allowMethods(List.of(CorsHttpMethod.GET, CorsHttpMethod.POST, CorsHttpMethod.PUT, CorsHttpMethod.DELETE))
                        .allowHeaders(CORS_ALLOWED_HEADERS)
                        .exposeHeaders(List.of("Location", "Retry-After"))
                        .maxAge(Duration.hours(1))
                        .build())
                .build());
        stage = httpApi.addStage("DefaultStage", HttpStageOptions.builder()
                .stageName("$default")
                .autoDeploy(true)
                .throttle(ThrottleSettings.builder()
                        .rateLimit(config.throttleRatePerSecond())
                        .burstLimit(config.throttleBurst())
                        .build())
                .accessLogSettings(accessLogs())
                .build());
        addRoutes(authorizer);

        new Monitoring(this, "Monitoring", new Monitoring.Targets(config, deployment.alarmEmail(), httpApi,
                renderQueue, deadLetterQueue, apiFunction, renderFunction, allFunctions()));

        new CfnOutput(this, "ApiUrl", CfnOutputProps.builder()
                .value(stage.getUrl())
                .description("Base URL of the Videogen API")
                .build());
        new CfnOutput(this, "RenderQueueUrl", CfnOutputProps.builder().value(renderQueue.getQueueUrl()).build());
    }

    /** Variables every handler reads; see the functions' configuration for what each means. */
    private Map<String, String> sharedEnvironment(IBucket bucket, StorageStack storage,
                                                  ISecret databaseSecret, ISecret webhookSecret) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("VIDEOGEN_ENV", config.name());
        env.put("AUTH_MODE", config.authMode().environmentValue());
        env.put("DATABASE_SECRET_ARN", databaseSecret.getSecretArn());
        // Stated, not left to the handlers' default: the connection budget counts on it.
        env.put("DATABASE_POOL_SIZE", Integer.toString(config.databasePoolSize()));
        env.put("WEBHOOK_SECRET_ARN", webhookSecret.getSecretArn());
        env.put("OUTPUT_BUCKET", bucket.getBucketName());
        env.put("OUTPUT_PREFIX", StorageStack.OUTPUT_PREFIX);
        env.put("OUTPUT_EXPIRATION_DAYS", Integer.toString(config.outputExpirationDays()));
        env.put("RENDER_QUEUE_URL", renderQueue.getQueueUrl());
        storage.distribution().ifPresent(cdn -> env.put("PUBLIC_BASE_URL", "https://" + cdn.getDistributionDomainName()));
        env.put("RESULT_URL_TTL_SECONDS", Integer.toString(config.resultUrlTtlSeconds()));
        env.put("QUICK_RESPONSE_BUDGET_SECONDS", Integer.toString(config.quickResponseBudgetSeconds()));
        // Below the render function's timeout: after FFmpeg is stopped the worker still uploads and records.
        env.put("RENDER_TIMEOUT_SECONDS", Integer.toString(config.renderWorkLimitSeconds()));
        env.put("MAX_RECEIVE_COUNT", Integer.toString(config.maxReceiveCount()));
        env.put("CHUNK_SECONDS", Integer.toString(config.chunkSeconds()));
        env.put("FFMPEG_PATH", FFMPEG_PATH);
        env.put("FONT_DIR", FONT_DIR);
        env.put("SOURCE_MAX_BYTES", Long.toString(config.sourceMaxBytes()));
        env.put("ALLOW_LOOPBACK_SOURCES", "false");
        return env;
    }

    private Map<String, String> apiEnvironment(Map<String, String> shared, Optional<ISecret> jwtSecret) {
        Map<String, String> env = new LinkedHashMap<>(shared);
        env.put("JAVA_TOOL_OPTIONS", API_JAVA_TOOL_OPTIONS);
        // The api function renders only inline, within its own timeout; queued jobs are rendered by the render
        // function, whose limit the api needs for the processing timeout of the jobs it queues.
        env.put("RENDER_TIMEOUT_SECONDS", Integer.toString(config.apiRenderLimitSeconds()));
        env.put("QUEUED_RENDER_TIMEOUT_SECONDS", Integer.toString(config.renderWorkLimitSeconds()));
        deployment.supabaseJwt().ifPresent(jwt -> {
            env.put("JWT_JWKS_URL", jwt.jwksUrl());
            env.put("JWT_ISSUER", jwt.issuer());
            env.put("JWT_AUDIENCE", jwt.audience());
        });
        jwtSecret.ifPresent(secret -> env.put("JWT_SECRET_ARN", secret.getSecretArn()));
        return env;
    }

    /**
     * Objects the api and render functions touch: results under processed/ (written by renders,
     * presigned for clients, deleted when their job was cancelled while they were uploaded) and
     * s3:// sources under inputs/, read only. Listing is allowed only within those prefixes; it is
     * what makes S3 answer 404 rather than 403 for a missing key, and what a bucket health check needs.
     */
    private static void allowObjectAccess(Function function, IBucket bucket) {
        function.addToRolePolicy(new PolicyStatement(PolicyStatementProps.builder()
                .sid("ReadWriteAndDeleteRenderedVideos")
                .effect(Effect.ALLOW)
                .actions(List.of("s3:GetObject", "s3:PutObject", "s3:DeleteObject"))
                .resources(List.of(bucket.arnForObjects(StorageStack.OUTPUT_PREFIX + "*")))
                .build()));
        function.addToRolePolicy(new PolicyStatement(PolicyStatementProps.builder()
                .sid("ReadSourcesFromTheServiceBucket")
                .effect(Effect.ALLOW)
                .actions(List.of("s3:GetObject"))
                .resources(List.of(bucket.arnForObjects(StorageStack.INPUT_PREFIX + "*")))
                .build()));
        // a source read for a job is retagged videogen-upload=used, so the rule for unused uploads no longer expires it
        function.addToRolePolicy(new PolicyStatement(PolicyStatementProps.builder()
                .sid("TagSourcesThatWereUsed")
                .effect(Effect.ALLOW)
                .actions(List.of("s3:PutObjectTagging"))
                .resources(List.of(bucket.arnForObjects(StorageStack.INPUT_PREFIX + "*")))
                .build()));
        function.addToRolePolicy(new PolicyStatement(PolicyStatementProps.builder()
                .sid("ListOnlyTheServicePrefixes")
                .effect(Effect.ALLOW)
                .actions(List.of("s3:ListBucket"))
                .resources(List.of(bucket.getBucketArn()))
                .conditions(Map.of("StringLikeIfExists", Map.of("s3:prefix",
                        List.of(StorageStack.OUTPUT_PREFIX + "*", StorageStack.INPUT_PREFIX + "*"))))
                .build()));
        NagSuppressions.addResourceSuppressions(function, List.of(NagPackSuppression.builder()
                .id("AwsSolutions-IAM5")
                .appliesTo(List.of(RegexAppliesTo.builder()
                        // the bucket's ARN reaches this stack as a cross-stack reference, written as it is resolved
                        .regex("/^Resource::.*OutputBucket.*\\/(processed|inputs)\\/\\*$/").build()))
                .reason("results are written under processed/<job>, and owners' sources read under"
                        + " inputs/<owner>/, keys known only per job and per owner; the application limits each caller"
                        + " to its own prefix (InputPrefixes), the role to these two prefixes")
                .build()), true);
    }

    /**
     * POST /v1/uploads presigns PUTs under inputs/: a presigned URL carries the signer's own permission, and the PUT
     * sets the upload's videogen-upload=unused tag, which needs s3:PutObjectTagging too.
     */
    private static void allowUploadPresigning(Function function, IBucket bucket) {
        function.addToRolePolicy(new PolicyStatement(PolicyStatementProps.builder()
                .sid("PresignUploadsOfInputs")
                .effect(Effect.ALLOW)
                .actions(List.of("s3:PutObject", "s3:PutObjectTagging"))
                .resources(List.of(bucket.arnForObjects(StorageStack.INPUT_PREFIX + "*")))
                .build()));
    }

    /**
     * The render function alone stores, reads and deletes the pieces of chunked jobs under chunks/ (each piece is
     * uploaded by the worker that rendered it, read and deleted by the one that stitches), and may list there.
     */
    private static void allowPieceAccess(Function function, IBucket bucket) {
        function.addToRolePolicy(new PolicyStatement(PolicyStatementProps.builder()
                .sid("ReadWriteAndDeleteChunkPieces")
                .effect(Effect.ALLOW)
                .actions(List.of("s3:GetObject", "s3:PutObject", "s3:DeleteObject"))
                .resources(List.of(bucket.arnForObjects(StorageStack.PIECES_PREFIX + "*")))
                .build()));
        function.addToRolePolicy(new PolicyStatement(PolicyStatementProps.builder()
                .sid("ListChunkPieces")
                .effect(Effect.ALLOW)
                .actions(List.of("s3:ListBucket"))
                .resources(List.of(bucket.getBucketArn()))
                .conditions(Map.of("StringLike", Map.of("s3:prefix", List.of(StorageStack.PIECES_PREFIX + "*"))))
                .build()));
        NagSuppressions.addResourceSuppressions(function, List.of(NagPackSuppression.builder()
                .id("AwsSolutions-IAM5")
                .appliesTo(List.of(RegexAppliesTo.builder()
                        .regex("/^Resource::.*OutputBucket.*\\/chunks\\/\\*$/").build()))
                .reason("the pieces of a chunked job are stored under chunks/<job>/, keys known only per job; no"
                        + " other function may touch the prefix, and a one-day lifecycle rule expires what is left")
                .build()), true);
    }

    private static void grantSecrets(Function function, ISecret... secrets) {
        for (ISecret secret : secrets) {
            secret.grantRead(function);
        }
    }

    private CustomResource migrationStep(ISecret databaseSecret) {
        LogGroup providerLogs = logGroup("migration-provider");
        Provider provider = new Provider(this, "MigrationProvider", ProviderProps.builder()
                .onEventHandler(migrationFunction)
                .logGroup(providerLogs)
                .build());
        NagSuppressions.addResourceSuppressions(provider, List.of(
                NagPackSuppression.builder().id("AwsSolutions-IAM4")
                        .appliesTo(List.of(BASIC_EXECUTION_ROLE))
                        .reason("the CDK's custom-resource framework function writes only its own logs")
                        .build(),
                NagPackSuppression.builder().id("AwsSolutions-IAM5")
                        .appliesTo(List.of(RegexAppliesTo.builder()
                                .regex("/^Resource::<MigrationFunction[A-Za-z0-9]*\\.Arn>:\\*$/").build()))
                        .reason("the framework invokes the migration function's versions and aliases, nothing else")
                        .build(),
                NagPackSuppression.builder().id("AwsSolutions-L1")
                        .reason("the CDK picks the custom-resource framework's Node.js runtime")
                        .build()), true);
        String fingerprint = MigrationsFingerprint.of(deployment.artifacts().migrationsDirectory());
        return new CustomResource(this, "DatabaseMigration", CustomResourceProps.builder()
                .serviceToken(provider.getServiceToken())
                .resourceType("Custom::VideogenDatabaseMigration")
                // A changed fingerprint is an Update event: CloudFormation calls the handler again.
                .properties(Map.of(
                        "MigrationsFingerprint", fingerprint,
                        "DatabaseSecretArn", databaseSecret.getSecretArn()))
                .build());
    }

    /**
     * @param authorizer the gateway's authorizer of the protected routes; null when the api function
     *                   authenticates them itself (JWT verified in the function)
     */
    private void addRoutes(IHttpRouteAuthorizer authorizer) {
        HttpLambdaIntegration api = new HttpLambdaIntegration("ApiIntegration", apiAlias);
        route("/v1/videocreate", HttpMethod.POST, api, authorizer);
        route("/v1/videoresult/{job_id}", HttpMethod.GET, api, authorizer);
        route("/v1/videoresult/{job_id}", HttpMethod.DELETE, api, authorizer);
        route("/v1/videoresult/{job_id}/download", HttpMethod.GET, api, authorizer);
        route("/v1/videoresult/{job_id}/webhooks", HttpMethod.GET, api, authorizer);
        route("/v1/metrics", HttpMethod.GET, api, authorizer);
        route("/v1/uploads", HttpMethod.POST, api, authorizer);
        route("/v1/templates", HttpMethod.GET, api, authorizer);
        route("/v1/templates", HttpMethod.POST, api, authorizer);
        route("/v1/templates/{template_id}", HttpMethod.GET, api, authorizer);
        route("/v1/templates/{template_id}", HttpMethod.PUT, api, authorizer);
        route("/v1/templates/{template_id}", HttpMethod.DELETE, api, authorizer);
        // Load balancers, uptime checks and client generators must reach these without credentials.
        route("/v1/health", HttpMethod.GET, api, null);
        route("/health", HttpMethod.GET, api, null);
        route("/v1/openapi.json", HttpMethod.GET, api, null);
        // GET /v1/videoresult/{job_id}/events (Server-Sent Events) is local only: deployed clients use Supabase Realtime.
    }

    private void route(String path, HttpMethod method, HttpLambdaIntegration integration, IHttpRouteAuthorizer authorizer) {
        AddRoutesOptions.Builder options = AddRoutesOptions.builder()
                .path(path)
                .methods(List.of(method))
                .integration(integration);
        if (authorizer != null) {
            options.authorizer(authorizer);
        }
        List<HttpRoute> routes = httpApi.addRoutes(options.build());
        if (authorizer == null) {
            String reason = PUBLIC_PATHS.contains(path)
                    ? "health checks and the API document are public by design: they name no owner and no job"
                    : "the api function verifies the caller's Supabase JWT itself (signature, issuer, audience,"
                            + " expiry; HS256, ES256 and RS256) before any handler runs";
            for (HttpRoute route : routes) {
                NagSuppressions.addResourceSuppressions(route, List.of(NagPackSuppression.builder()
                        .id("AwsSolutions-APIG4").reason(reason).build()), true);
            }
        }
    }

    private IAccessLogSettings accessLogs() {
        LogGroup accessLogGroup = logGroup("api-access");
        // Only variables HTTP APIs define; API Gateway rejects a stage whose format names others.
        String format = "{\"requestId\":\"$context.requestId\",\"ip\":\"$context.identity.sourceIp\","
                + "\"requestTime\":\"$context.requestTime\",\"routeKey\":\"$context.routeKey\","
                + "\"status\":\"$context.status\",\"responseLength\":\"$context.responseLength\","
                + "\"integrationLatency\":\"$context.integrationLatency\","
                + "\"integrationError\":\"$context.integrationErrorMessage\","
                + "\"authorizerError\":\"$context.authorizer.error\"}";
        return new IAccessLogSettings() {
            @Override
            public IAccessLogDestination getDestination() {
                return new LogGroupLogDestination(accessLogGroup);
            }

            @Override
            public AccessLogFormat getFormat() {
                return AccessLogFormat.custom(format);
            }
        };
    }

    private Function function(String role, String handlerClass, FunctionShape.Builder shapeBuilder) {
        FunctionShape shape = shapeBuilder.build();
        String name = config.resourcePrefix() + "-" + role;
        FunctionProps.Builder props = FunctionProps.builder()
                .functionName(name)
                .description("Videogen " + role + " (" + config.name() + ")")
                .runtime(Runtime.JAVA_21)
                // The layer's ffmpeg is an x86-64 binary.
                .architecture(Architecture.X86_64)
                .code(functionsJar)
                .handler(HANDLER_PACKAGE + handlerClass + "::handleRequest")
                .memorySize(shape.memoryMb())
                .ephemeralStorageSize(Size.mebibytes(shape.ephemeralStorageMb()))
                .timeout(Duration.seconds(shape.timeoutSeconds()))
                .environment(shape.environment())
                .logGroup(logGroup(role));
        if (shape.reservedConcurrency() != null) {
            props.reservedConcurrentExecutions(shape.reservedConcurrency());
        }
        if (shape.snapStart()) {
            props.snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS);
        }
        if (shape.layer() != null) {
            props.layers(List.of(shape.layer()));
        }
        Function function = new Function(this, toPascalCase(role) + "Function", props.build());
        NagSuppressions.addResourceSuppressions(function, List.of(
                NagPackSuppression.builder().id("AwsSolutions-IAM4")
                        .appliesTo(List.of(BASIC_EXECUTION_ROLE))
                        .reason("AWSLambdaBasicExecutionRole grants only what writing the function's own logs takes"
                                + " (logs:CreateLogGroup, CreateLogStream, PutLogEvents)")
                        .build(),
                NagPackSuppression.builder().id("AwsSolutions-L1")
                        .reason("Java 21 is the runtime the code is built (release 17) and tested for; a newer Java"
                                + " runtime is adopted with a build and test run of its own")
                        .build()), true);
        if (shape.snapStart()) {
            Annotations.of(function).acknowledgeWarning("@aws-cdk/aws-lambda:snapStartRequirePublish",
                    "callers invoke the published version behind the " + LIVE_ALIAS + " alias");
        }
        return function;
    }

    private Alias liveAlias(String idPrefix, Function function) {
        return new Alias(this, idPrefix + "LiveAlias", AliasProps.builder()
                .aliasName(LIVE_ALIAS)
                .version(function.getCurrentVersion())
                .build());
    }

    /**
     * A log group with the environment's retention. It has no fixed name: a retained group would
     * otherwise block the next deploy of the same stack after a teardown.
     */
    private LogGroup logGroup(String role) {
        return new LogGroup(this, toPascalCase(role) + "Logs", LogGroupProps.builder()
                .retention(config.logRetention())
                .removalPolicy(config.retainDataOnTeardown() ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY)
                .build());
    }

    private static String toPascalCase(String role) {
        StringBuilder out = new StringBuilder();
        for (String part : role.split("-")) {
            out.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return out.toString();
    }

    private List<Function> serviceFunctions() {
        List<Function> functions = new ArrayList<>(List.of(apiFunction, renderFunction, deadLetterFunction, sweeperFunction));
        if (authorizerFunction != null) {
            functions.add(authorizerFunction);
        }
        return functions;
    }

    private List<Function> allFunctions() {
        List<Function> functions = serviceFunctions();
        functions.add(migrationFunction);
        return functions;
    }

    public Function apiFunction() {
        return apiFunction;
    }

    public Function renderFunction() {
        return renderFunction;
    }

    public Queue renderQueue() {
        return renderQueue;
    }

    /** Size, time and environment of one function; everything else is shared by all. */
    record FunctionShape(int memoryMb, int ephemeralStorageMb, int timeoutSeconds, Integer reservedConcurrency,
                         boolean snapStart, ILayerVersion layer, Map<String, String> environment) {

        static Builder builder() {
            return new Builder();
        }

        static final class Builder {
            private int memoryMb = 1024;
            private int ephemeralStorageMb = 512;
            private int timeoutSeconds = 30;
            private Integer reservedConcurrency;
            private boolean snapStart;
            private ILayerVersion layer;
            private Map<String, String> environment = Map.of();

            Builder memoryMb(int value) {
                memoryMb = value;
                return this;
            }

            Builder ephemeralStorageMb(int value) {
                ephemeralStorageMb = value;
                return this;
            }

            Builder timeoutSeconds(int value) {
                timeoutSeconds = value;
                return this;
            }

            Builder reservedConcurrency(Integer value) {
                reservedConcurrency = value;
                return this;
            }

            Builder snapStart(boolean value) {
                snapStart = value;
                return this;
            }

            Builder layer(ILayerVersion value) {
                layer = value;
                return this;
            }

            Builder environment(Map<String, String> value) {
                environment = Map.copyOf(value);
                return this;
            }

            FunctionShape build() {
                return new FunctionShape(memoryMb, ephemeralStorageMb, timeoutSeconds, reservedConcurrency,
                        snapStart, layer, environment);
            }
        }
    }
}
