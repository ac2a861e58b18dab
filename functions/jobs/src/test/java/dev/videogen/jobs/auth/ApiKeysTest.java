package dev.videogen.jobs.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.videogen.jobs.db.Database;
import dev.videogen.migrations.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ApiKeysTest {

    private TestDatabase db;
    private ApiKeys keys;

    @BeforeEach
    void freshDatabase() {
        db = TestDatabase.fresh();
        keys = new ApiKeys(Database.of(db.dataSource()));
    }

    private Object column(String column, String prefix) throws SQLException {
        try (Connection connection = db.connect();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT " + column + " FROM api_keys WHERE key_prefix = ?")) {
            select.setString(1, prefix);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? rows.getObject(1) : null;
            }
        }
    }

    @Test
    void createdKeyHasTheDocumentedShapeAndOnlyItsHashIsStored() throws SQLException {
        ApiKeys.CreatedKey created = keys.create("alice", "ci");

        assertThat(created.key()).matches("vg_live_[0-9A-Za-z]{32}");
        assertThat(created.prefix()).hasSize(16).isEqualTo(created.key().substring(0, 16));
        assertThat(created.owner()).isEqualTo("alice");
        assertThat(created.toString()).doesNotContain(created.key());
        assertThat(column("key_hash", created.prefix())).isEqualTo(ApiKeys.sha256Hex(created.key()));
        try (Connection connection = db.connect();
             PreparedStatement anywhere = connection.prepareStatement(
                     "SELECT count(*) FROM api_keys k WHERE row_to_json(k)::text LIKE '%' || ? || '%'")) {
            anywhere.setString(1, created.key().substring(16));
            try (ResultSet rows = anywhere.executeQuery()) {
                rows.next();
                assertThat(rows.getLong(1)).as("the secret part of the key is stored nowhere").isZero();
            }
        }
    }

    @Test
    void sha256HexMatchesTheKnownDigest() {
        // the FIPS 180-2 test vector for "abc"
        assertThat(ApiKeys.sha256Hex("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void keysAreUniqueAndUseTheWholeAlphabet() {
        Set<String> made = new HashSet<>();
        Set<Character> characters = new HashSet<>();
        for (int i = 0; i < 500; i++) {
            String key = ApiKeys.newKey();
            made.add(key);
            key.substring(8).chars().forEach(c -> characters.add((char) c));
        }
        assertThat(made).hasSize(500);
        assertThat(characters).hasSize(62);
    }

    @Test
    void verifyGivesTheOwnerAndRecordsTheUse() throws SQLException {
        ApiKeys.CreatedKey created = keys.create("alice", "ci");
        assertThat(column("last_used_at", created.prefix())).isNull();

        assertThat(keys.verify(created.key())).contains("alice");

        assertThat(column("last_used_at", created.prefix())).isNotNull();
    }

    @Test
    void lastUseIsWrittenAgainOnlyAfterAMinute() throws SQLException {
        ApiKeys.CreatedKey created = keys.create("alice", "ci");
        keys.verify(created.key());
        Timestamp first = (Timestamp) column("last_used_at", created.prefix());

        keys.verify(created.key());
        assertThat(column("last_used_at", created.prefix())).as("used again within the minute").isEqualTo(first);

        try (Connection connection = db.connect()) {
            connection.createStatement().executeUpdate(
                    "UPDATE api_keys SET last_used_at = now() - interval '2 minutes'");
        }
        Timestamp aged = (Timestamp) column("last_used_at", created.prefix());
        keys.verify(created.key());
        assertThat((Timestamp) column("last_used_at", created.prefix())).isAfter(aged);
    }

    @Test
    void unknownOrMalformedKeysHaveNoOwner() {
        keys.create("alice", "ci");

        assertThat(keys.verify("vg_live_" + "A".repeat(32))).isEmpty();
        assertThat(keys.verify("vg_live_short")).isEmpty();
        assertThat(keys.verify("")).isEmpty();
        assertThat(keys.verify(null)).isEmpty();
    }

    @Test
    void revokedKeyNoLongerVerifies() {
        ApiKeys.CreatedKey created = keys.create("alice", "ci");
        ApiKeys.CreatedKey other = keys.create("alice", "laptop");

        assertThat(keys.revoke(created.prefix())).hasValueSatisfying(info -> {
            assertThat(info.id()).isEqualTo(created.id());
            assertThat(info.active()).isFalse();
        });

        assertThat(keys.verify(created.key())).isEmpty();
        assertThat(keys.verify(other.key())).as("other keys are untouched").contains("alice");
        assertThat(keys.revoke(created.prefix())).as("already revoked").isEmpty();
    }

    @Test
    void keyCanBeRevokedByItsId() {
        ApiKeys.CreatedKey created = keys.create("bob", "ci");

        assertThat(keys.revoke(created.id().toString())).isPresent();
        assertThat(keys.verify(created.key())).isEmpty();
        assertThat(keys.revoke("vg_live_nothing0")).isEmpty();
    }

    @Test
    void ambiguousPrefixIsNotRevoked() throws SQLException {
        ApiKeys.CreatedKey created = keys.create("alice", "ci");
        try (Connection connection = db.connect();
             PreparedStatement twin = connection.prepareStatement(
                     "INSERT INTO api_keys (owner, name, key_prefix, key_hash) VALUES ('mallory', 'twin', ?, ?)")) {
            twin.setString(1, created.prefix());
            twin.setString(2, ApiKeys.sha256Hex("another key"));
            twin.executeUpdate();
        }

        assertThatThrownBy(() -> keys.revoke(created.prefix()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("matches 2 active keys");
        assertThat(keys.verify(created.key())).contains("alice");
    }

    @Test
    void listShowsAnOwnersKeysNewestFirstWithTheirState() {
        ApiKeys.CreatedKey first = keys.create("alice", "ci");
        ApiKeys.CreatedKey second = keys.create("alice", "laptop");
        keys.create("bob", "ci");
        keys.revoke(first.prefix());

        List<ApiKeys.KeyInfo> alices = keys.list("alice");

        assertThat(alices).extracting(ApiKeys.KeyInfo::prefix).containsExactly(second.prefix(), first.prefix());
        assertThat(alices).extracting(ApiKeys.KeyInfo::active).containsExactly(true, false);
        assertThat(keys.list(null)).hasSize(3);
        assertThat(keys.list("carol")).isEmpty();
    }

    @Test
    void ownerAndNameAreRequired() {
        assertThatThrownBy(() -> keys.create(" ", "ci")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("owner");
        assertThatThrownBy(() -> keys.create("alice", null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("name");
        assertThatThrownBy(() -> keys.create("a".repeat(201), "ci")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most 200");
    }
}
