package dev.videogen.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.videogen.jobs.auth.ApiKeys;
import dev.videogen.jobs.db.Database;
import dev.videogen.migrations.DatabaseMigrator;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code videogen keys} against a real PostgreSQL with the schema applied. */
class KeysCommandTest {

    private static final Pattern KEY = Pattern.compile("vg_live_[0-9A-Za-z]{32}");

    private static EmbeddedPostgres postgres;
    private static ApiKeys keys;

    @BeforeAll
    static void startDatabase() throws IOException {
        postgres = EmbeddedPostgres.start();
        DatabaseMigrator.migrate(postgres.getPostgresDatabase());
        keys = new ApiKeys(Database.of(postgres.getPostgresDatabase()));
    }

    @AfterAll
    static void stopDatabase() throws IOException {
        postgres.close();
    }

    /** Exit status, standard output and standard error of one run. */
    record Run(int status, String out, String err) {
    }

    private static Run keys(String... arguments) {
        List<String> all = new ArrayList<>(List.of(arguments));
        all.addAll(List.of("--url", postgres.getJdbcUrl("postgres", "postgres"), "--user", "postgres",
                "--password", "postgres"));
        return run(all.toArray(String[]::new));
    }

    private static Run run(String... arguments) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = new CommandLine(new KeysCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute(arguments);
        return new Run(status, out.toString(), err.toString());
    }

    private static String keyIn(String output) {
        Matcher matcher = KEY.matcher(output);
        assertThat(matcher.find()).as("a key in: " + output).isTrue();
        return matcher.group();
    }

    @Test
    void createPrintsAWorkingKeyOnceWithItsPrefix() {
        Run created = keys("create", "--owner", "alice", "--name", "ci");

        assertThat(created.status()).isZero();
        String key = keyIn(created.out());
        assertThat(created.out()).contains("prefix: " + key.substring(0, 16)).contains("shown only this once");
        assertThat(keys.verify(key)).contains("alice");
    }

    @Test
    void listShowsPrefixesButNeverKeys() {
        String key = keyIn(keys("create", "--owner", "bob", "--name", "laptop").out());

        Run listed = keys("list", "--owner", "bob");

        assertThat(listed.status()).isZero();
        assertThat(listed.out()).contains(key.substring(0, 16)).contains("laptop").contains("active")
                .doesNotContain(key);
        assertThat(keys("list", "--owner", "nobody").out()).contains("no keys for nobody");
    }

    @Test
    void revokeStopsTheKeyAndSaysSoOnce() {
        String key = keyIn(keys("create", "--owner", "carol", "--name", "ci").out());
        String prefix = key.substring(0, 16);

        Run revoked = keys("revoke", prefix);
        Run again = keys("revoke", prefix);

        assertThat(revoked.status()).isZero();
        assertThat(revoked.out()).contains("revoked " + prefix + " (carol, ci)");
        assertThat(keys.verify(key)).isEmpty();
        assertThat(again.status()).isEqualTo(1);
        assertThat(again.err()).contains("no active key has the prefix or id " + prefix);
        assertThat(keys("list", "--owner", "carol").out()).contains("revoked");
    }

    @Test
    void createWithoutAnOwnerIsAUsageError() {
        Run run = keys("create", "--name", "ci");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("--owner");
    }

    @Test
    void blankOwnerIsRefusedWithAMessage() {
        Run run = keys("create", "--owner", " ", "--name", "ci");

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err()).contains("owner is required");
    }
}
