package dev.videogen.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * One environment as it is deployed to one AWS account: the environment's {@link EnvironmentConfig}
 * plus what only the account owner knows (the Supabase project, the secrets' names) and where the
 * build put the artifacts. Built from CDK context ({@code -c key=value}) in {@link #fromContext}.
 *
 * @param config             sizes, limits and policies of the environment
 * @param supabaseJwt        the token issuer, audience and keys the api function verifies tokens against (and the
 *                           gateway's JWT authorizer, when switched on); present exactly in {@link AuthMode#JWT}
 * @param databaseSecret     JSON {@code {"url":"jdbc:postgresql://…:6543/postgres?prepareThreshold=0","username":…,"password":…}}
 * @param webhookSecret      the HMAC-SHA256 key webhooks are signed with, as the secret's plain string
 * @param jwtSecret          the Supabase project's HS256 JWT secret, for in-function verification, if used
 * @param corsAllowedOrigins origins allowed to GET results from the bucket in a browser
 * @param alarmEmail         where alarm notifications go, if anywhere
 * @param artifacts          the built jar, layer zip and migrations
 */
public record Deployment(
        EnvironmentConfig config,
        Optional<SupabaseJwt> supabaseJwt,
        SecretReference databaseSecret,
        SecretReference webhookSecret,
        Optional<SecretReference> jwtSecret,
        List<String> corsAllowedOrigins,
        Optional<String> alarmEmail,
        BuildArtifacts artifacts) {

    public static final String ENV = "env";
    public static final String SUPABASE_URL = "supabaseUrl";
    public static final String JWT_AUDIENCE = "jwtAudience";
    public static final String JWT_SECRET = "jwtSecret";
    public static final String DATABASE_SECRET = "databaseSecret";
    public static final String WEBHOOK_SECRET = "webhookSecret";
    public static final String CORS_ALLOWED_ORIGINS = "corsAllowedOrigins";
    public static final String ALARM_EMAIL = "alarmEmail";
    public static final String REPOSITORY_ROOT = "repositoryRoot";
    public static final String FUNCTIONS_JAR = "functionsJar";
    public static final String LAYER_ZIP = "layerZip";
    public static final String MIGRATIONS_DIR = "migrationsDir";

    /** Supabase puts this audience in the tokens it issues to signed-in users. */
    public static final String DEFAULT_JWT_AUDIENCE = "authenticated";

    public Deployment {
        if (config.authMode() == AuthMode.JWT && supabaseJwt.isEmpty()) {
            throw new IllegalArgumentException("environment " + config.name() + " authenticates with JWTs:"
                    + " pass the Supabase project URL with -c " + SUPABASE_URL + "=https://<project-ref>.supabase.co");
        }
        if (config.authMode() != AuthMode.JWT && supabaseJwt.isPresent()) {
            throw new IllegalArgumentException("environment " + config.name() + " uses " + config.authMode()
                    + " auth; a Supabase JWT issuer would be ignored");
        }
        if (config.gatewayJwtAuthorizer() && jwtSecret.isPresent()) {
            throw new IllegalArgumentException("environment " + config.name() + " puts API Gateway's JWT authorizer"
                    + " in front, which refuses HS256 tokens: drop -c " + JWT_SECRET + " or the gateway authorizer");
        }
        if (corsAllowedOrigins.isEmpty()) {
            throw new IllegalArgumentException(CORS_ALLOWED_ORIGINS + " must list at least one origin");
        }
        alarmEmail.ifPresent(email -> {
            if (!email.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
                throw new IllegalArgumentException(ALARM_EMAIL + " is not an e-mail address: " + email);
            }
        });
        corsAllowedOrigins = List.copyOf(corsAllowedOrigins);
    }

    /**
     * Reads the deployment from CDK context. Every default is here: secrets are named
     * {@code videogen/<env>/database} and {@code videogen/<env>/webhook-signing}, artifacts are
     * where the repository's build puts them, browsers may fetch results from any origin.
     *
     * @param context          looks up a context value, null when unset
     * @param workingDirectory where the repository root is searched from when not given
     */
    public static Deployment fromContext(Function<String, Object> context, Path workingDirectory) {
        String env = text(context, ENV).orElseThrow(() -> new IllegalArgumentException(
                "choose the environment with -c " + ENV + "=" + String.join("|", EnvironmentConfig.NAMES)));
        EnvironmentConfig config = EnvironmentConfig.named(env);

        Optional<SupabaseJwt> supabaseJwt = config.authMode() == AuthMode.JWT
                ? text(context, SUPABASE_URL).map(url ->
                        SupabaseJwt.forProject(url, text(context, JWT_AUDIENCE).orElse(DEFAULT_JWT_AUDIENCE)))
                : Optional.empty();

        Path root = text(context, REPOSITORY_ROOT).map(Path::of).orElseGet(() -> repositoryRoot(workingDirectory));
        BuildArtifacts artifacts = new BuildArtifacts(
                text(context, FUNCTIONS_JAR).map(Path::of).orElse(root.resolve(BuildArtifacts.FUNCTIONS_JAR)),
                text(context, LAYER_ZIP).map(Path::of).orElse(root.resolve(BuildArtifacts.LAYER_ZIP)),
                text(context, MIGRATIONS_DIR).map(Path::of).orElse(root.resolve(BuildArtifacts.MIGRATIONS_DIRECTORY)));

        return new Deployment(
                config,
                supabaseJwt,
                new SecretReference(text(context, DATABASE_SECRET).orElse("videogen/" + env + "/database")),
                new SecretReference(text(context, WEBHOOK_SECRET).orElse("videogen/" + env + "/webhook-signing")),
                text(context, JWT_SECRET).map(SecretReference::new),
                text(context, CORS_ALLOWED_ORIGINS)
                        .map(origins -> Arrays.stream(origins.split(",")).map(String::trim).filter(o -> !o.isEmpty()).toList())
                        .orElse(List.of("*")),
                text(context, ALARM_EMAIL),
                artifacts);
    }

    /** The directory holding the whole repository: the nearest one up from {@code start} with infra-cdk/ in it. */
    static Path repositoryRoot(Path start) {
        for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("infra-cdk")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalArgumentException("no repository root above " + start + "; pass -c " + REPOSITORY_ROOT + "=<path>");
    }

    private static Optional<String> text(Function<String, Object> context, String key) {
        Object value = context.apply(key);
        if (value == null) {
            return Optional.empty();
        }
        String text = value.toString().trim();
        return text.isEmpty() ? Optional.empty() : Optional.of(text);
    }
}
