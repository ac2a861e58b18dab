package dev.videogen.jobs.auth;

import dev.videogen.jobs.db.Database;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The {@code api_keys} table: keys are made here, shown once, and only their SHA-256 is stored, with their first
 * {@value #PREFIX_LENGTH} characters so listings can tell keys apart. A key looks like {@code vg_live_} followed by
 * {@value #RANDOM_CHARACTERS} random base62 characters (about 190 bits from {@link SecureRandom}); its owner becomes
 * the owner of the jobs created with it (use a Supabase user id as owner to share jobs with that user's tokens).
 *
 * <p>A key is looked up by its hash, so no stored value is ever compared with a presented key character by
 * character. {@code last_used_at} is kept to the minute: a key used many times a second writes it once a minute.
 */
public final class ApiKeys {

    /** How every key this service issues starts. */
    public static final String KEY_START = "vg_live_";
    static final int RANDOM_CHARACTERS = 32;
    /** {@code vg_live_} and 8 random characters: enough to tell keys apart, far too few to guess the rest. */
    static final int PREFIX_LENGTH = 16;
    private static final int MAX_OWNER_LENGTH = 200;
    private static final int MAX_NAME_LENGTH = 100;
    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final Pattern KEY_FORMAT = Pattern.compile("vg_live_[0-9A-Za-z]{" + RANDOM_CHARACTERS + "}");
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * A key just made. {@link #key()} is the only copy there will ever be: it is not stored.
     *
     * @param prefix the key's first characters, shown in listings and accepted by {@link #revoke}
     */
    public record CreatedKey(UUID id, String key, String prefix, String owner, String name, Instant createdAt) {
        @Override
        public String toString() {
            return "CreatedKey[id=" + id + ", prefix=" + prefix + ", owner=" + owner + ", name=" + name + "]";
        }
    }

    /** A stored key, without anything that would let it be used. */
    public record KeyInfo(UUID id, String prefix, String owner, String name, Instant createdAt, Instant lastUsedAt,
                          Instant revokedAt) {
        public boolean active() {
            return revokedAt == null;
        }
    }

    private final Database database;

    public ApiKeys(Database database) {
        this.database = database;
    }

    /** Makes and stores a new key for {@code owner}; {@code name} says what it is for (e.g. {@code ci}). */
    public CreatedKey create(String owner, String name) {
        String cleanOwner = required("owner", owner, MAX_OWNER_LENGTH);
        String cleanName = required("name", name, MAX_NAME_LENGTH);
        String key = newKey();
        String prefix = key.substring(0, PREFIX_LENGTH);
        return database.withConnection(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO api_keys (owner, name, key_prefix, key_hash) VALUES (?, ?, ?, ?)
                    RETURNING id, created_at""")) {
                insert.setString(1, cleanOwner);
                insert.setString(2, cleanName);
                insert.setString(3, prefix);
                insert.setString(4, sha256Hex(key));
                try (ResultSet rows = insert.executeQuery()) {
                    rows.next();
                    return new CreatedKey(rows.getObject(1, UUID.class), key, prefix, cleanOwner, cleanName,
                            rows.getTimestamp(2).toInstant());
                }
            }
        });
    }

    /**
     * The owner of {@code key} when it is a key this service issued and has not been revoked. Marks it used.
     *
     * @throws dev.videogen.jobs.db.DatabaseException when the database cannot be asked
     */
    public Optional<String> verify(String key) {
        if (key == null || !KEY_FORMAT.matcher(key).matches()) {
            return Optional.empty();
        }
        String hash = sha256Hex(key);
        return database.withConnection(connection -> {
            UUID id;
            String owner;
            boolean recentlyUsed;
            try (PreparedStatement select = connection.prepareStatement("""
                    SELECT id, owner, last_used_at > now() - interval '1 minute'
                      FROM api_keys WHERE key_hash = ? AND revoked_at IS NULL""")) {
                select.setString(1, hash);
                try (ResultSet rows = select.executeQuery()) {
                    if (!rows.next()) {
                        return Optional.empty();
                    }
                    id = rows.getObject(1, UUID.class);
                    owner = rows.getString(2);
                    recentlyUsed = rows.getBoolean(3);
                }
            }
            if (!recentlyUsed) {
                markUsed(connection, id);
            }
            return Optional.of(owner);
        });
    }

    private static void markUsed(Connection connection, UUID id) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE api_keys SET last_used_at = now() WHERE id = ?")) {
            update.setObject(1, id);
            update.executeUpdate();
        }
    }

    /**
     * Revokes the active key with this id or prefix.
     *
     * @return the key as it is now revoked, or empty when no active key has that id or prefix
     * @throws IllegalArgumentException when the prefix names more than one active key (revoke by id then)
     */
    public Optional<KeyInfo> revoke(String prefixOrId) {
        if (prefixOrId == null || prefixOrId.isBlank()) {
            throw new IllegalArgumentException("name the key to revoke by its prefix or id");
        }
        String reference = prefixOrId.trim();
        UUID id = parseUuid(reference);
        return database.inTransaction(connection -> {
            List<KeyInfo> matching = select(connection, id != null
                    ? "WHERE id = ? AND revoked_at IS NULL" : "WHERE key_prefix = ? AND revoked_at IS NULL",
                    id != null ? id : reference);
            if (matching.isEmpty()) {
                return Optional.empty();
            }
            if (matching.size() > 1) {
                throw new IllegalArgumentException("the prefix " + reference + " matches " + matching.size()
                        + " active keys: revoke by id");
            }
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE api_keys SET revoked_at = now() WHERE id = ? AND revoked_at IS NULL")) {
                update.setObject(1, matching.get(0).id());
                update.executeUpdate();
            }
            return select(connection, "WHERE id = ?", matching.get(0).id()).stream().findFirst();
        });
    }

    /** The keys of {@code owner}, or of everyone when {@code owner} is null, newest first, revoked ones included. */
    public List<KeyInfo> list(String owner) {
        return database.withConnection(connection -> owner == null
                ? select(connection, "", null)
                : select(connection, "WHERE owner = ?", owner));
    }

    private static List<KeyInfo> select(Connection connection, String where, Object parameter) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT id, key_prefix, owner, name, created_at, last_used_at, revoked_at
                  FROM api_keys\s""" + where + " ORDER BY created_at DESC, id")) {
            if (parameter != null) {
                select.setObject(1, parameter);
            }
            List<KeyInfo> keys = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    keys.add(new KeyInfo(rows.getObject(1, UUID.class), rows.getString(2), rows.getString(3),
                            rows.getString(4), instant(rows.getTimestamp(5)), instant(rows.getTimestamp(6)),
                            instant(rows.getTimestamp(7))));
                }
            }
            return keys;
        }
    }

    /** Whether a credential has the shape of a key this service issues (to tell it from a JWT). */
    public static boolean looksLikeApiKey(String credential) {
        return credential != null && credential.startsWith("vg_");
    }

    /** Lowercase hex SHA-256 of the key's UTF-8 bytes: the {@code key_hash} column. */
    static String sha256Hex(String key) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    static String newKey() {
        StringBuilder key = new StringBuilder(KEY_START);
        while (key.length() < KEY_START.length() + RANDOM_CHARACTERS) {
            int value = RANDOM.nextInt() & 0xFF;
            // 248 = 4 * 62: values above it would make the first characters of the alphabet likelier
            if (value < 248) {
                key.append(BASE62.charAt(value % 62));
            }
        }
        return key.toString();
    }

    private static String required(String field, String value, int maxLength) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is required");
        }
        String trimmed = value.trim();
        if (trimmed.length() > maxLength) {
            throw new IllegalArgumentException(field + " must be at most " + maxLength + " characters");
        }
        return trimmed;
    }

    private static UUID parseUuid(String value) {
        try {
            return value.length() == 36 ? UUID.fromString(value) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
