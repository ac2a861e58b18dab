package dev.videogen.local;

import dev.videogen.migrations.DatabaseMigrator;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code videogen migrate}: apply the database migrations to a PostgreSQL or Supabase database. */
@Command(name = "migrate", description = "Apply the database migrations to a PostgreSQL or Supabase database "
        + "(use Supabase's direct connection, port 5432, not the transaction pooler).")
final class MigrateCommand implements Callable<Integer> {

    @Option(names = "--url", paramLabel = "JDBC_URL", description = "jdbc:postgresql://host:5432/postgres?… (default: $DATABASE_URL).")
    String url = System.getenv("DATABASE_URL");

    @Option(names = "--user", description = "Database user (default: $DATABASE_USER, or the URL's).")
    String user = System.getenv("DATABASE_USER");

    @Option(names = "--password", description = "Database password (default: $DATABASE_PASSWORD, or the URL's).")
    String password = System.getenv("DATABASE_PASSWORD");

    @Option(names = "--validate", description = "Only check that the database matches the migrations.")
    boolean validateOnly;

    @Override
    public Integer call() {
        if (url == null || url.isBlank()) {
            System.err.println("videogen migrate: give --url jdbc:postgresql://… or set DATABASE_URL");
            return 2;
        }
        try {
            if (validateOnly) {
                DatabaseMigrator.validate(url, user, password);
                System.out.println("the database matches the migrations");
            } else {
                System.out.println(DatabaseMigrator.migrate(url, user, password));
            }
            return 0;
        } catch (RuntimeException e) {
            System.err.println("videogen migrate: " + DevStack.rootMessage(e));
            return 1;
        }
    }
}
