package dev.videogen.local;

import dev.videogen.jobs.auth.ApiKeys;
import dev.videogen.jobs.db.Database;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code videogen keys create|list|revoke}: the API keys of {@code AUTH_MODE=api_key}. A key is printed once, when
 * it is created; the database keeps only its hash and its prefix.
 *
 * <pre>
 * videogen keys create --owner alice --name ci [--url jdbc:postgresql://… --user … --password …]
 * videogen keys list [--owner alice]
 * videogen keys revoke vg_live_AbCdEfGh      (a prefix from the listing, or the key's id)
 * </pre>
 * The database defaults to {@code $DATABASE_URL}, {@code $DATABASE_USER} and {@code $DATABASE_PASSWORD}.
 */
@Command(name = "keys", description = "Create, list and revoke API keys (for AUTH_MODE=api_key).",
        subcommands = {KeysCommand.Create.class, KeysCommand.ListKeys.class, KeysCommand.Revoke.class})
final class KeysCommand implements Runnable {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm'Z'")
            .withZone(ZoneOffset.UTC);

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Where the {@code api_keys} table is. */
    static final class DatabaseOptions {

        @Option(names = "--url", paramLabel = "JDBC_URL",
                description = "jdbc:postgresql://host:5432/postgres?… (default: $DATABASE_URL).")
        String url = System.getenv("DATABASE_URL");

        @Option(names = "--user", description = "Database user (default: $DATABASE_USER, or the URL's).")
        String user = System.getenv("DATABASE_USER");

        @Option(names = "--password", description = "Database password (default: $DATABASE_PASSWORD, or the URL's).")
        String password = System.getenv("DATABASE_PASSWORD");

        boolean missing() {
            return url == null || url.isBlank();
        }

        Database open() {
            return Database.connect(url, user, password, 1);
        }
    }

    /** Runs {@code work} against the key table, turning failures into a message and exit status 1. */
    private static int withKeys(CommandSpec spec, DatabaseOptions database, KeyWork work) {
        PrintWriter err = spec.commandLine().getErr();
        if (database.missing()) {
            err.println("videogen keys: give --url jdbc:postgresql://… or set DATABASE_URL");
            return 2;
        }
        try (Database db = database.open()) {
            return work.run(new ApiKeys(db), spec.commandLine().getOut(), err);
        } catch (IllegalArgumentException e) {
            err.println("videogen keys " + spec.name() + ": " + e.getMessage());
            return 1;
        } catch (RuntimeException e) {
            err.println("videogen keys " + spec.name() + ": " + DevStack.rootMessage(e));
            return 1;
        }
    }

    @FunctionalInterface
    private interface KeyWork {
        int run(ApiKeys keys, PrintWriter out, PrintWriter err);
    }

    @Command(name = "create", description = "Make a key for an owner and print it, once.")
    static final class Create implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        DatabaseOptions database;

        @Option(names = "--owner", required = true,
                description = "Who the key acts as: the owner of the jobs created with it (e.g. a Supabase user id).")
        String owner;

        @Option(names = "--name", required = true, description = "What the key is for, e.g. ci or laptop.")
        String name;

        @Override
        public Integer call() {
            return withKeys(spec, database, (keys, out, err) -> {
                ApiKeys.CreatedKey created = keys.create(owner, name);
                out.println("API key for " + created.owner() + " (" + created.name() + "):");
                out.println();
                out.println("  " + created.key());
                out.println();
                out.println("It is shown only this once: store it now. Send it as the x-api-key header.");
                out.println("prefix: " + created.prefix() + "   id: " + created.id());
                out.flush();
                return 0;
            });
        }
    }

    @Command(name = "list", description = "List keys (never the keys themselves): prefix, owner, name, use, state.")
    static final class ListKeys implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        DatabaseOptions database;

        @Option(names = "--owner", description = "Only this owner's keys (default: everyone's).")
        String owner;

        @Override
        public Integer call() {
            return withKeys(spec, database, (keys, out, err) -> {
                List<ApiKeys.KeyInfo> listed = keys.list(owner);
                if (listed.isEmpty()) {
                    out.println("no keys" + (owner == null ? "" : " for " + owner));
                } else {
                    String format = "%-16s  %-24s  %-16s  %-17s  %-17s  %s%n";
                    out.printf(format, "PREFIX", "OWNER", "NAME", "CREATED", "LAST USED", "STATE");
                    for (ApiKeys.KeyInfo key : listed) {
                        out.printf(format, key.prefix(), key.owner(), key.name(), time(key.createdAt()),
                                time(key.lastUsedAt()), key.active() ? "active" : "revoked " + time(key.revokedAt()));
                    }
                }
                out.flush();
                return 0;
            });
        }
    }

    @Command(name = "revoke", description = "Revoke a key at once: requests carrying it are refused from now on.")
    static final class Revoke implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        DatabaseOptions database;

        @Parameters(paramLabel = "PREFIX_OR_ID", description = "The key's prefix as listed (vg_live_…) or its id.")
        String reference;

        @Override
        public Integer call() {
            return withKeys(spec, database, (keys, out, err) -> {
                Optional<ApiKeys.KeyInfo> revoked = keys.revoke(reference);
                if (revoked.isEmpty()) {
                    err.println("videogen keys revoke: no active key has the prefix or id " + reference);
                    err.flush();
                    return 1;
                }
                ApiKeys.KeyInfo key = revoked.get();
                out.println("revoked " + key.prefix() + " (" + key.owner() + ", " + key.name() + ")");
                out.flush();
                return 0;
            });
        }
    }

    private static String time(Instant instant) {
        return instant == null ? "-" : TIME.format(instant);
    }
}
