package dev.videogen.jobs.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.videogen.jobs.ConfigException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class DatabaseUrlRulesTest {

    private static final String CA = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----";
    private static final String CHECKED_AGAINST_CA = "sslfactory=org.postgresql.ssl.SingleCertValidatingFactory"
            + "&sslfactoryarg=-----BEGIN+CERTIFICATE-----%0AMIIB%0A-----END+CERTIFICATE-----";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // Supabase: verified TLS added, and prepareThreshold=0 on the transaction pooler
            "jdbc:postgresql://aws-0-eu-west-1.pooler.supabase.com:6543/postgres"
                    + " | jdbc:postgresql://aws-0-eu-west-1.pooler.supabase.com:6543/postgres?sslmode=verify-full&"
                    + CHECKED_AGAINST_CA + "&prepareThreshold=0",
            "jdbc:postgresql://aws-0-eu-west-1.pooler.supabase.com:5432/postgres?sslmode=verify-full"
                    + " | jdbc:postgresql://aws-0-eu-west-1.pooler.supabase.com:5432/postgres?sslmode=verify-full&"
                    + CHECKED_AGAINST_CA,
            "jdbc:postgresql://db.abcdefgh.SUPABASE.CO:5432/postgres"
                    + " | jdbc:postgresql://db.abcdefgh.SUPABASE.CO:5432/postgres?sslmode=verify-full&" + CHECKED_AGAINST_CA,
            // the operator's own CA file is kept
            "jdbc:postgresql://db.abcdefgh.supabase.co:5432/postgres?sslrootcert=/opt/ca.crt"
                    + " | jdbc:postgresql://db.abcdefgh.supabase.co:5432/postgres?sslrootcert=/opt/ca.crt&sslmode=verify-full",
            // another server: only the pooler rule applies
            "jdbc:postgresql://127.0.0.1:6543/videogen | jdbc:postgresql://127.0.0.1:6543/videogen?prepareThreshold=0",
            "jdbc:postgresql://localhost:5432/videogen | jdbc:postgresql://localhost:5432/videogen",
            "jdbc:postgresql://db.example.com/videogen?sslmode=require | jdbc:postgresql://db.example.com/videogen?sslmode=require",
            // what is already there is not added twice
            "jdbc:postgresql://h.pooler.supabase.com:6543/postgres?prepareThreshold=0&sslmode=verify-full&sslrootcert=/ca"
                    + " | jdbc:postgresql://h.pooler.supabase.com:6543/postgres?prepareThreshold=0&sslmode=verify-full&sslrootcert=/ca"})
    void whatAConnectionMustCarryIsAdded(String url, String secured) {
        assertThat(DatabaseUrlRules.secured(url, CA)).isEqualTo(secured);
        assertThat(DatabaseUrlRules.secured(secured, CA)).as("applying the rules again").isEqualTo(secured);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "jdbc:postgresql://db.abcdefgh.supabase.co:5432/postgres?sslmode=require     | sslmode=require",
            "jdbc:postgresql://db.abcdefgh.supabase.co:5432/postgres?sslmode=disable     | sslmode=disable",
            "jdbc:postgresql://db.abcdefgh.supabase.co:5432/postgres?sslmode=prefer      | sslmode=prefer",
            "jdbc:postgresql://db.abcdefgh.supabase.co:5432/postgres?sslmode=verify-ca   | sslmode=verify-ca",
            "jdbc:postgresql://h.pooler.supabase.com:5432/postgres?sslfactory=org.postgresql.ssl.NonValidatingFactory"
                    + " | NonValidatingFactory",
            "jdbc:postgresql://h.pooler.supabase.com:6543/postgres?prepareThreshold=5    | prepareThreshold=5",
            "jdbc:postgresql://127.0.0.1:6543/videogen?prepareThreshold=-1              | prepareThreshold=-1"})
    void aUrlAskingForLessIsRefusedNamingTheSetting(String url, String named) {
        assertThatThrownBy(() -> DatabaseUrlRules.secured(url, CA))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("DATABASE_URL").hasMessageContaining(named);
    }

    @Test
    void aSupabaseUrlWithoutACaToCheckAgainstIsRefused() {
        assertThatThrownBy(() -> DatabaseUrlRules.secured("jdbc:postgresql://db.abcdefgh.supabase.co:5432/postgres", null))
                .isInstanceOf(ConfigException.class).hasMessageContaining("DATABASE_SSL_ROOT_CERT");
    }
}
