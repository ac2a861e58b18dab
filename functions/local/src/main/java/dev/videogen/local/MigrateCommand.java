package dev.videogen.local;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code videogen migrate}: apply the database migrations to a PostgreSQL or Supabase database. */
@Command(name = "migrate", description = "Apply the database migrations to a PostgreSQL or Supabase database.")
final class MigrateCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("videogen migrate: not available in this build yet");
        return 1;
    }
}
