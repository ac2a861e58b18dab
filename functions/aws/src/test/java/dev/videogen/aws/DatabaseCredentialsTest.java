package dev.videogen.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.videogen.jobs.ConfigException;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which database the functions and the migrations connect to, from the environment and the secret. */
class DatabaseCredentialsTest {

    static final String ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:videogen/staging/database-AbCdEf";
    static final String POOLER = "aws-0-eu-west-1.pooler.supabase.com";
    static final Map<String, String> DEPLOYED = Map.of("DATABASE_SECRET_ARN", ARN);

    static Function<String, String> secret(String json) {
        return arn -> {
            assertThat(arn).isEqualTo(ARN);
            return json;
        };
    }

    /** Stands for Supabase's CA certificate; how it reaches the driver is what these tests check. */
    static final String CA = "-----BEGIN CERTIFICATE-----\\nMIIB\\n-----END CERTIFICATE-----";
    /** What a verified connection to Supabase adds to the URL: TLS checked against {@link #CA}. */
    static final String VERIFIED = "sslmode=verify-full&sslfactory=org.postgresql.ssl.SingleCertValidatingFactory"
            + "&sslfactoryarg=-----BEGIN+CERTIFICATE-----%0AMIIB%0A-----END+CERTIFICATE-----";

    static final String TRANSACTION_POOLER_SECRET = "{\"url\": \"jdbc:postgresql://" + POOLER
            + ":6543/postgres?prepareThreshold=0\", \"username\": \"postgres.abcdefgh\", \"password\": \"s3cret\","
            + " \"ssl_root_cert\": \"" + CA + "\"}";

    @Test
    void theFunctionsUseTheSecretsUrlTheTransactionPooler() {
        DatabaseCredentials credentials = DatabaseCredentials.fromEnvironment(DEPLOYED, secret(TRANSACTION_POOLER_SECRET));
        assertThat(credentials).isEqualTo(new DatabaseCredentials(
                "jdbc:postgresql://" + POOLER + ":6543/postgres?prepareThreshold=0&" + VERIFIED, "postgres.abcdefgh",
                "s3cret"));
    }

    @Test
    void migrationsPreferTheSecretsMigrationUrl() {
        String json = "{\"url\": \"jdbc:postgresql://" + POOLER + ":6543/postgres?prepareThreshold=0\","
                + " \"migration_url\": \"jdbc:postgresql://" + POOLER + ":5432/postgres?sslmode=verify-full\","
                + " \"username\": \"postgres.abcdefgh\", \"password\": \"s3cret\", \"ssl_root_cert\": \"" + CA + "\"}";
        assertThat(DatabaseCredentials.forMigrations(DEPLOYED, secret(json))).isEqualTo(new DatabaseCredentials(
                "jdbc:postgresql://" + POOLER + ":5432/postgres?sslmode=verify-full&sslfactory="
                        + "org.postgresql.ssl.SingleCertValidatingFactory&sslfactoryarg="
                        + "-----BEGIN+CERTIFICATE-----%0AMIIB%0A-----END+CERTIFICATE-----", "postgres.abcdefgh",
                "s3cret"));
    }

    @Test
    void aDirectMigrationUrlMayLogInAsItsOwnUserWithTheSamePassword() {
        String json = "{\"url\": \"jdbc:postgresql://" + POOLER + ":6543/postgres?prepareThreshold=0\","
                + " \"migration_url\": \"jdbc:postgresql://db.abcdefgh.supabase.co:5432/postgres\","
                + " \"migration_username\": \"postgres\", \"username\": \"postgres.abcdefgh\", \"password\": \"s3cret\","
                + " \"ssl_root_cert\": \"" + CA + "\"}";
        assertThat(DatabaseCredentials.forMigrations(DEPLOYED, secret(json))).isEqualTo(new DatabaseCredentials(
                "jdbc:postgresql://db.abcdefgh.supabase.co:5432/postgres?" + VERIFIED, "postgres", "s3cret"));
    }

    @Test
    void withoutAMigrationUrlMigrationsUseTheSessionPoolerOnPort5432OfTheSameHost() {
        assertThat(DatabaseCredentials.forMigrations(DEPLOYED, secret(TRANSACTION_POOLER_SECRET)))
                .isEqualTo(new DatabaseCredentials(
                        "jdbc:postgresql://" + POOLER + ":5432/postgres?" + VERIFIED, "postgres.abcdefgh", "s3cret"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            // Supabase's shared pooler: transaction mode on 6543, session mode on 5432
            "jdbc:postgresql://h.pooler.supabase.com:6543/postgres?prepareThreshold=0"
                    + " | jdbc:postgresql://h.pooler.supabase.com:5432/postgres",
            "jdbc:postgresql://h.pooler.supabase.com:6543/postgres?sslmode=require&prepareThreshold=0&tcpKeepAlive=true"
                    + " | jdbc:postgresql://h.pooler.supabase.com:5432/postgres?sslmode=require&tcpKeepAlive=true",
            "jdbc:postgresql://h.pooler.supabase.com:6543/postgres"
                    + " | jdbc:postgresql://h.pooler.supabase.com:5432/postgres",
            // already a session: the direct connection, the session pooler, a server without a pooler
            "jdbc:postgresql://db.abcdefgh.supabase.co:5432/postgres"
                    + " | jdbc:postgresql://db.abcdefgh.supabase.co:5432/postgres",
            "jdbc:postgresql://h.pooler.supabase.com:5432/postgres?sslmode=require"
                    + " | jdbc:postgresql://h.pooler.supabase.com:5432/postgres?sslmode=require",
            "jdbc:postgresql://localhost/videogen | jdbc:postgresql://localhost/videogen",
    })
    void onlyATransactionPoolerUrlIsTurnedIntoItsSessionMode(String url, String expected) {
        assertThat(DatabaseCredentials.sessionUrl(url)).isEqualTo(expected);
    }

    @Test
    void theLocalStacksDatabaseUrlIsUsedAsGivenForMigrationsToo() {
        Map<String, String> local = Map.of("DATABASE_URL", "jdbc:postgresql://127.0.0.1:6543/videogen",
                "DATABASE_USER", "videogen", "DATABASE_PASSWORD", "local", "DATABASE_SECRET_ARN", ARN);
        Function<String, String> noSecret = arn -> {
            throw new AssertionError("the secret is not read when DATABASE_URL is set");
        };
        // a transaction pooler is given prepareThreshold=0 wherever it runs
        DatabaseCredentials expected = new DatabaseCredentials(
                "jdbc:postgresql://127.0.0.1:6543/videogen?prepareThreshold=0", "videogen", "local");
        assertThat(DatabaseCredentials.forMigrations(local, noSecret)).isEqualTo(expected);
        assertThat(DatabaseCredentials.fromEnvironment(local, noSecret)).isEqualTo(expected);
    }

    @Test
    void aMigrationUrlThatIsNotAPostgresJdbcUrlIsRefused() {
        String json = "{\"url\": \"jdbc:postgresql://" + POOLER + ":6543/postgres\","
                + " \"migration_url\": \"postgres://" + POOLER + ":5432/postgres\","
                + " \"username\": \"u\", \"password\": \"p\"}";
        assertThatThrownBy(() -> DatabaseCredentials.forMigrations(DEPLOYED, secret(json)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("migration_url");
    }

    @Test
    void anIncompleteSecretIsRefusedForBothUses() {
        String json = "{\"migration_url\": \"jdbc:postgresql://" + POOLER + ":5432/postgres\", \"password\": \"p\"}";
        assertThatThrownBy(() -> DatabaseCredentials.forMigrations(DEPLOYED, secret(json)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("url (jdbc:postgresql://…), username");
        assertThatThrownBy(() -> DatabaseCredentials.fromEnvironment(DEPLOYED, secret("not json")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("is not JSON");
        assertThatThrownBy(() -> DatabaseCredentials.forMigrations(Map.of(), secret("{}")))
                .isInstanceOf(ConfigException.class).hasMessage("DATABASE_URL or DATABASE_SECRET_ARN is required");
    }

    @Test
    void thePasswordNeverAppearsInTheDescription() {
        DatabaseCredentials credentials = DatabaseCredentials.forMigrations(DEPLOYED, secret(TRANSACTION_POOLER_SECRET));
        assertThat(credentials.toString()).doesNotContain("s3cret").contains("password=(hidden)")
                .contains(":5432/postgres");
    }

    @Test
    void aSupabaseSecretWithoutTheCaCertificateIsRefusedForBothUses() {
        String json = "{\"url\": \"jdbc:postgresql://" + POOLER + ":6543/postgres\","
                + " \"username\": \"u\", \"password\": \"p\"}";
        assertThatThrownBy(() -> DatabaseCredentials.fromEnvironment(DEPLOYED, secret(json)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("DATABASE_SSL_ROOT_CERT");
        assertThatThrownBy(() -> DatabaseCredentials.forMigrations(DEPLOYED, secret(json)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("DATABASE_SSL_ROOT_CERT");
    }

    @Test
    void theCaCertificateMayComeFromTheEnvironmentInstead() {
        String json = "{\"url\": \"jdbc:postgresql://" + POOLER + ":6543/postgres\","
                + " \"username\": \"u\", \"password\": \"p\"}";
        Map<String, String> env = Map.of("DATABASE_SECRET_ARN", ARN, "DATABASE_SSL_ROOT_CERT", CA.replace("\\n", "\n"));

        assertThat(DatabaseCredentials.fromEnvironment(env, secret(json)).url())
                .isEqualTo("jdbc:postgresql://" + POOLER + ":6543/postgres?" + VERIFIED + "&prepareThreshold=0");
    }
}
