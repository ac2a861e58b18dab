package dev.videogen.inprocess;

import com.adobe.testing.s3mock.S3MockApplication;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An S3-compatible server (Adobe S3Mock, a Spring Boot application) in this JVM, serving plain HTTP on the loopback
 * interface. Clients reach it with an endpoint override and path-style addressing; SigV4 signatures, including
 * presigned GET URLs, are accepted without checking credentials. Responses carry {@code x-amz-request-id} like S3's.
 *
 * <p>With a {@linkplain Builder#rootDirectory(Path) root directory} buckets and objects are files that survive a new
 * process; without one a temporary directory is used and deleted by {@link #stop()}. {@link #restart()} keeps the
 * port and the files either way.
 *
 * <p>No JVM shutdown hook stops it: it runs on threads of this JVM, and the host stops it after draining its work.
 */
public final class InProcessS3 implements AutoCloseable {

    private static final String SERVER = "s3";

    private final ServerDirectory directory;
    private final List<String> buckets;
    private final String region;
    private final int port;
    private S3MockApplication application;

    private InProcessS3(Builder builder) {
        this.buckets = List.copyOf(builder.buckets);
        this.region = builder.region;
        if (builder.port != 0 && LoopbackPorts.isTaken(builder.port)) {
            throw new ServerStartException("s3: port " + builder.port + " is already in use");
        }
        // Chosen here rather than read back from S3Mock, whose port getters are deprecated for removal.
        this.port = builder.port != 0 ? builder.port : LoopbackPorts.pickFree();
        this.directory = ServerDirectory.chosenOrTemporary(builder.rootDirectory, SERVER);
        try {
            this.application = startApplication(port);
        } catch (RuntimeException e) {
            directory.deleteIfTemporary();
            throw e;
        }
    }

    /** A builder for a server on any free port with no buckets and a temporary root directory. */
    public static Builder builder() {
        return new Builder();
    }

    private S3MockApplication startApplication(int requestedPort) {
        ServerLogging.quieten();
        // S3MockApplication.start mutates the map it is given, so it must be a mutable copy.
        Map<String, Object> properties = new HashMap<>();
        // The endpoint is S3Mock's plain-HTTP connector. Its main connector cannot be switched off: it gets a random
        // port, no TLS (no keystore to load), and, like the HTTP one, only the loopback interface.
        properties.put(S3MockApplication.PROP_HTTP_PORT, requestedPort);
        properties.put(S3MockApplication.PROP_HTTPS_PORT, S3MockApplication.RANDOM_PORT);
        properties.put("server.ssl.enabled", false);
        properties.put("server.address", LoopbackPorts.LOOPBACK_ADDRESS);
        properties.put("spring.main.sources",
                S3MockLoopbackConnectors.class.getName() + "," + S3MockRequestIds.class.getName());
        properties.put(S3MockApplication.PROP_SILENT, true);
        properties.put("spring.main.banner-mode", "off");
        properties.put("spring.main.log-startup-info", false);
        // Spring's own hook would close the server at JVM exit while the host still drains uploads into it.
        properties.put("spring.main.register-shutdown-hook", false);
        properties.put(S3MockApplication.PROP_ROOT_DIRECTORY, directory.path().toString());
        properties.put("com.adobe.testing.s3mock.store.retainFilesOnExit", true);
        properties.put("com.adobe.testing.s3mock.region", region);
        if (!buckets.isEmpty()) {
            properties.put(S3MockApplication.PROP_INITIAL_BUCKETS, String.join(",", buckets));
        }
        try {
            return S3MockApplication.start(properties);
        } catch (RuntimeException e) {
            throw new ServerStartException("s3: could not start on port " + requestedPort + " with root directory "
                    + directory.path() + ": " + ServerStartException.rootMessage(e), e);
        }
    }

    /** The endpoint to give SDK clients (with path-style access) and to build object URLs from. */
    public URI endpoint() {
        return URI.create("http://" + LoopbackPorts.LOOPBACK_ADDRESS + ":" + port);
    }

    public int port() {
        return port;
    }

    /** The region the server reports for its buckets. */
    public String region() {
        return region;
    }

    /** The buckets created at start (kept when they already existed in the root directory). */
    public List<String> buckets() {
        return buckets;
    }

    /** The directory given to the builder, or empty when a temporary one is used. */
    public Optional<Path> rootDirectory() {
        return directory.persistent() ? Optional.of(directory.path()) : Optional.empty();
    }

    public synchronized boolean isRunning() {
        return application != null;
    }

    /** Stops the server and starts it again on the same port and root directory; stored objects remain. */
    public synchronized void restart() {
        stopApplication();
        application = startApplication(port);
    }

    /** Stops the server and deletes the root directory unless it was given to the builder. Safe to call twice. */
    public synchronized void stop() {
        stopApplication();
        directory.deleteIfTemporary();
    }

    @Override
    public void close() {
        stop();
    }

    private void stopApplication() {
        if (application != null) {
            try {
                application.stop();
            } finally {
                application = null;
            }
        }
    }


    @Override
    public String toString() {
        return "InProcessS3[" + endpoint() + ", buckets=" + buckets + ", root=" + directory.path() + "]";
    }

    /** Settings of an {@link InProcessS3}; every one has a working default. */
    public static final class Builder {

        private int port;
        private final List<String> buckets = new ArrayList<>();
        private Path rootDirectory;
        private String region = "us-east-1";

        private Builder() {
        }

        /** The port to listen on; 0 (the default) picks a free one, kept across {@link #restart()}. */
        public Builder port(int port) {
            this.port = LoopbackPorts.requireValid(port);
            return this;
        }

        /** A bucket to create at start when it does not exist yet. */
        public Builder bucket(String bucket) {
            if (bucket == null || !bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
                throw new IllegalArgumentException("not a valid S3 bucket name: " + bucket);
            }
            buckets.add(bucket);
            return this;
        }

        /** Keeps buckets and objects as files under {@code directory}, reopened by the next server using it. */
        public Builder rootDirectory(Path directory) {
            this.rootDirectory = Objects.requireNonNull(directory, "directory");
            return this;
        }

        /** The region the server reports; {@code us-east-1} by default. */
        public Builder region(String region) {
            this.region = Objects.requireNonNull(region, "region");
            return this;
        }

        /** Starts the server; throws {@link ServerStartException} naming the port or directory at fault. */
        public InProcessS3 start() {
            return new InProcessS3(this);
        }
    }
}
