package dev.videogen.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.videogen.jobs.ConfigException;
import dev.videogen.jobs.db.DatabaseUrlRules;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the database is and how to log in: {@code DATABASE_URL}/{@code DATABASE_USER}/{@code DATABASE_PASSWORD}
 * when given (the local stack), else the Secrets Manager secret named by {@code DATABASE_SECRET_ARN}, a JSON object
 * {@code {"url": "jdbc:postgresql://…:6543/postgres?prepareThreshold=0", "username": …, "password": …}}, optionally
 * with {@code migration_url} (and {@code migration_username}) for the migrations.
 *
 * <p>Every URL returned follows {@link DatabaseUrlRules}: verified TLS to Supabase, checked against the CA certificate
 * in the secret's optional {@code ssl_root_cert} (PEM) or the {@code DATABASE_SSL_ROOT_CERT} variable, and
 * {@code prepareThreshold=0} on the transaction pooler.
 *
 * <p>The functions use {@code url}, Supabase's transaction pooler. The migrations need a session of their own
 * (Flyway holds a session-level lock and session state for the whole run), which the transaction pooler does not
 * give: {@link #forMigrations} uses {@code migration_url} when the secret has one, else the session-mode pooler that
 * Supabase serves on port 5432 of the same host.
 */
public record DatabaseCredentials(String url, String user, String password) {

    /** Supabase's pooler: transaction mode on this port, session mode on {@link #SESSION_POOLER_PORT}, same host. */
    public static final int TRANSACTION_POOLER_PORT = 6543;
    public static final int SESSION_POOLER_PORT = 5432;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JDBC_PREFIX = "jdbc:postgresql://";
    /** One host with an explicit port, then the optional database path and query. */
    private static final Pattern SINGLE_HOST_URL =
            Pattern.compile("jdbc:postgresql://([^/:?#,]+):(\\d+)(/[^?#]*)?(?:\\?([^#]*))?");

    @Override
    public String toString() {
        return "DatabaseCredentials[url=" + url + ", user=" + user + ", password=(hidden)]";
    }

    /** The application's connection: the transaction pooler. */
    public static DatabaseCredentials fromEnvironment(Map<String, String> env) {
        return fromEnvironment(env, SecretValues::read);
    }

    /** @param readSecret reads a secret's string by ARN or name */
    public static DatabaseCredentials fromEnvironment(Map<String, String> env, Function<String, String> readSecret) {
        DatabaseCredentials local = local(env);
        if (local != null) {
            return local;
        }
        String arn = secretArn(env);
        JsonNode secret = readJson(arn, readSecret.apply(arn));
        return credentials(arn, secret).secured(rootCertificate(env, secret));
    }

    /** The migrations' connection: a whole database session, never the transaction pooler. */
    public static DatabaseCredentials forMigrations(Map<String, String> env) {
        return forMigrations(env, SecretValues::read);
    }

    /**
     * {@code DATABASE_URL} as given (the local stack talks to PostgreSQL directly); else the secret's
     * {@code migration_url}, or its {@code url} turned into the session-mode pooler's by {@link #sessionUrl}.
     *
     * @param readSecret reads a secret's string by ARN or name
     */
    public static DatabaseCredentials forMigrations(Map<String, String> env, Function<String, String> readSecret) {
        DatabaseCredentials local = local(env);
        if (local != null) {
            return local;
        }
        String arn = secretArn(env);
        JsonNode secret = readJson(arn, readSecret.apply(arn));
        DatabaseCredentials application = credentials(arn, secret);
        String migrationUrl = text(secret, "migration_url");
        String rootCertificate = rootCertificate(env, secret);
        if (migrationUrl == null) {
            return new DatabaseCredentials(sessionUrl(application.url()), application.user(), application.password())
                    .secured(rootCertificate);
        }
        if (!migrationUrl.startsWith(JDBC_PREFIX)) {
            throw new ConfigException("the secret " + arn + " has a migration_url that is not jdbc:postgresql://…");
        }
        String migrationUser = text(secret, "migration_username");
        return new DatabaseCredentials(migrationUrl, migrationUser == null ? application.user() : migrationUser,
                application.password()).secured(rootCertificate);
    }

    /**
     * The session-mode equivalent of a transaction-pooler URL: port {@value #TRANSACTION_POOLER_PORT} becomes
     * {@value #SESSION_POOLER_PORT} on the same host and {@code prepareThreshold} is dropped (a session keeps its
     * prepared statements). Any other URL, direct connections and session poolers included, is returned unchanged.
     */
    static String sessionUrl(String url) {
        Matcher parts = SINGLE_HOST_URL.matcher(url);
        if (!parts.matches() || Integer.parseInt(parts.group(2)) != TRANSACTION_POOLER_PORT) {
            return url;
        }
        List<String> kept = new ArrayList<>();
        if (parts.group(4) != null) {
            for (String parameter : parts.group(4).split("&")) {
                String name = parameter.split("=", 2)[0];
                if (!parameter.isEmpty() && !name.equalsIgnoreCase("prepareThreshold")) {
                    kept.add(parameter);
                }
            }
        }
        return JDBC_PREFIX + parts.group(1) + ":" + SESSION_POOLER_PORT
                + (parts.group(3) == null ? "" : parts.group(3))
                + (kept.isEmpty() ? "" : "?" + String.join("&", kept));
    }

    private static DatabaseCredentials local(Map<String, String> env) {
        String url = env.get("DATABASE_URL");
        if (url == null || url.isBlank()) {
            return null;
        }
        return new DatabaseCredentials(url, env.getOrDefault("DATABASE_USER", "postgres"),
                env.getOrDefault("DATABASE_PASSWORD", "")).secured(env.get("DATABASE_SSL_ROOT_CERT"));
    }

    /** These credentials with the URL {@link DatabaseUrlRules} require. */
    private DatabaseCredentials secured(String rootCertificatePem) {
        return new DatabaseCredentials(DatabaseUrlRules.secured(url, rootCertificatePem), user, password);
    }

    private static String rootCertificate(Map<String, String> env, JsonNode secret) {
        String fromSecret = text(secret, "ssl_root_cert");
        return fromSecret != null ? fromSecret : env.get("DATABASE_SSL_ROOT_CERT");
    }

    private static String secretArn(Map<String, String> env) {
        String arn = env.get("DATABASE_SECRET_ARN");
        if (arn == null || arn.isBlank()) {
            throw new ConfigException("DATABASE_URL or DATABASE_SECRET_ARN is required");
        }
        return arn;
    }

    private static JsonNode readJson(String arn, String secret) {
        try {
            return JSON.readTree(secret);
        } catch (IOException e) {
            throw new ConfigException("the secret " + arn + " is not JSON");
        }
    }

    private static DatabaseCredentials credentials(String arn, JsonNode secret) {
        String url = text(secret, "url");
        String user = text(secret, "username");
        String password = text(secret, "password");
        if (url == null || user == null || password == null || !url.startsWith(JDBC_PREFIX)) {
            throw new ConfigException("the secret " + arn
                    + " must be JSON with url (jdbc:postgresql://…), username and password");
        }
        return new DatabaseCredentials(url, user, password);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || !value.isTextual() || value.asText().isBlank() ? null : value.asText();
    }
}
