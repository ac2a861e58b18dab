package dev.videogen.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.videogen.jobs.ConfigException;
import java.io.IOException;
import java.util.Map;
import java.util.function.Function;

/**
 * Where the database is and how to log in: {@code DATABASE_URL}/{@code DATABASE_USER}/{@code DATABASE_PASSWORD}
 * when given (the local stack), else the Secrets Manager secret named by {@code DATABASE_SECRET_ARN}, a JSON object
 * {@code {"url": "jdbc:postgresql://…:6543/postgres?prepareThreshold=0", "username": …, "password": …}}.
 */
public record DatabaseCredentials(String url, String user, String password) {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String toString() {
        return "DatabaseCredentials[url=" + url + ", user=" + user + ", password=(hidden)]";
    }

    public static DatabaseCredentials fromEnvironment(Map<String, String> env) {
        return fromEnvironment(env, SecretValues::read);
    }

    /** @param readSecret reads a secret's string by ARN or name */
    public static DatabaseCredentials fromEnvironment(Map<String, String> env, Function<String, String> readSecret) {
        String url = env.get("DATABASE_URL");
        if (url != null && !url.isBlank()) {
            return new DatabaseCredentials(url, env.getOrDefault("DATABASE_USER", "postgres"),
                    env.getOrDefault("DATABASE_PASSWORD", ""));
        }
        String arn = env.get("DATABASE_SECRET_ARN");
        if (arn == null || arn.isBlank()) {
            throw new ConfigException("DATABASE_URL or DATABASE_SECRET_ARN is required");
        }
        return parseSecret(arn, readSecret.apply(arn));
    }

    static DatabaseCredentials parseSecret(String arn, String secret) {
        try {
            JsonNode node = JSON.readTree(secret);
            String url = text(node, "url");
            String user = text(node, "username");
            String password = text(node, "password");
            if (url == null || user == null || password == null || !url.startsWith("jdbc:postgresql://")) {
                throw new ConfigException("the secret " + arn
                        + " must be JSON with url (jdbc:postgresql://…), username and password");
            }
            return new DatabaseCredentials(url, user, password);
        } catch (IOException e) {
            throw new ConfigException("the secret " + arn + " is not JSON");
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || !value.isTextual() || value.asText().isBlank() ? null : value.asText();
    }
}
