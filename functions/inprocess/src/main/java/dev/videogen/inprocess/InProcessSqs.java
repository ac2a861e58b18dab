package dev.videogen.inprocess;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Props;
import org.apache.pekko.http.scaladsl.Http;
import org.elasticmq.NodeAddress;
import org.elasticmq.StrictSQSLimits$;
import org.elasticmq.actor.QueueManagerActor;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.elasticmq.util.NowProvider;
import scala.Option;
import scala.concurrent.Await;
import scala.concurrent.duration.FiniteDuration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * An SQS-compatible server (ElasticMQ) in this JVM on the loopback interface, with the render queue and its
 * dead-letter queue: a message received {@code maxReceiveCount} times without being deleted moves to the
 * dead-letter queue on its next receive, as in SQS. The queues are created through the SQS API itself.
 *
 * <p>{@link #restart()} closes the HTTP endpoint and opens it again on the same port while the queues and their
 * messages, visible or in flight, stay where they are, which is what an SQS outage looks like to a client.
 * Messages live in memory: they do not survive {@link #stop()} or a new process.
 *
 * <p>Unlike a stand-alone ElasticMQ, the server registers no JVM shutdown hook: the host stops it after it has
 * drained its consumers.
 */
public final class InProcessSqs implements AutoCloseable {

    /** The account id in queue URLs and ARNs. */
    public static final String ACCOUNT_ID = "000000000000";

    private static final FiniteDuration SHUTDOWN_WAIT = FiniteDuration.apply(30, TimeUnit.SECONDS);
    private static final FiniteDuration CUT_OFF_REQUESTS_AFTER = FiniteDuration.apply(50, TimeUnit.MILLISECONDS);

    private final String queueName;
    private final String deadLetterQueueName;
    private final Duration visibilityTimeout;
    private final int maxReceiveCount;
    private final String region;
    private final int port;
    private final ActorSystem actorSystem;
    private final ActorRef queueManager;
    private SQSRestServer restServer;

    private InProcessSqs(Builder builder) {
        this.queueName = builder.queueName;
        this.deadLetterQueueName = builder.deadLetterQueueName != null ? builder.deadLetterQueueName : queueName + "-dlq";
        this.visibilityTimeout = builder.visibilityTimeout;
        this.maxReceiveCount = builder.maxReceiveCount;
        this.region = builder.region;
        if (builder.port != 0 && LoopbackPorts.isTaken(builder.port)) {
            throw new ServerStartException("sqs: port " + builder.port + " is already in use");
        }
        // Chosen here so that the queue URLs the server hands out name the port that restart() binds again.
        this.port = builder.port != 0 ? builder.port : LoopbackPorts.pickFree();
        ServerLogging.quieten();
        // One actor system and queue manager for the life of this object: they hold the messages across restart().
        this.actorSystem = ActorSystem.create("elasticmq-" + port, pekkoConfig(), InProcessSqs.class.getClassLoader());
        this.queueManager = actorSystem.actorOf(Props.create(QueueManagerActor.class,
                () -> new QueueManagerActor(new NowProvider(), StrictSQSLimits$.MODULE$, Option.empty())));
        try {
            this.restServer = startRestServer();
            createQueues();
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
    }

    /** A builder for a server on any free port with a queue named {@code videogen-render}. */
    public static Builder builder() {
        return new Builder();
    }

    private static Config pekkoConfig() {
        Config overrides = ConfigFactory.parseMap(Map.of(
                "pekko.loglevel", "WARNING",
                // The host's shutdown hook drains consumers and then stops this server; Pekko's own hook would
                // take the queue away from under that drain.
                "pekko.coordinated-shutdown.run-by-jvm-shutdown-hook", "off",
                "pekko.jvm-exit-on-fatal-error", "off"));
        return overrides.withFallback(ConfigFactory.load(InProcessSqs.class.getClassLoader()));
    }

    private SQSRestServer startRestServer() {
        if (actorSystem.whenTerminated().isCompleted()) {
            throw new IllegalStateException("sqs on port " + port + " was stopped; start a new server instead");
        }
        SQSRestServer server = SQSRestServerBuilder
                .withActorSystem(actorSystem)
                .withQueueManagerActor(queueManager)
                .withInterface(LoopbackPorts.LOOPBACK_ADDRESS)
                .withPort(port)
                .withServerAddress(new NodeAddress("http", LoopbackPorts.LOOPBACK_ADDRESS, port, ""))
                .withAWSRegion(region)
                .withAWSAccountId(ACCOUNT_ID)
                .withSQSLimits(StrictSQSLimits$.MODULE$)
                .start();
        try {
            server.waitUntilStarted();
            return server;
        } catch (Exception e) {
            throw new ServerStartException("sqs: could not listen on " + LoopbackPorts.LOOPBACK_ADDRESS + ":" + port
                    + ": " + ServerStartException.rootMessage(e), e);
        }
    }

    private void createQueues() {
        try (SqsClient client = newClient()) {
            String deadLetterQueueUrl = client.createQueue(b -> b.queueName(deadLetterQueueName)).queueUrl();
            String deadLetterQueueArn = client.getQueueAttributes(b -> b.queueUrl(deadLetterQueueUrl)
                    .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
            String redrivePolicy = "{\"deadLetterTargetArn\":\"" + deadLetterQueueArn + "\",\"maxReceiveCount\":\""
                    + maxReceiveCount + "\"}";
            client.createQueue(b -> b.queueName(queueName).attributes(Map.of(
                    QueueAttributeName.VISIBILITY_TIMEOUT, Long.toString(visibilityTimeout.toSeconds()),
                    QueueAttributeName.REDRIVE_POLICY, redrivePolicy)));
        } catch (SdkException e) {
            throw new ServerStartException("sqs: could not create queues " + queueName + " and " + deadLetterQueueName
                    + ": " + e.getMessage(), e);
        }
    }

    /** The endpoint to give SDK clients. */
    public URI endpoint() {
        return URI.create("http://" + LoopbackPorts.LOOPBACK_ADDRESS + ":" + port);
    }

    public int port() {
        return port;
    }

    public String region() {
        return region;
    }

    public String queueName() {
        return queueName;
    }

    public String queueUrl() {
        return endpoint() + "/" + ACCOUNT_ID + "/" + queueName;
    }

    public String queueArn() {
        return "arn:aws:sqs:" + region + ":" + ACCOUNT_ID + ":" + queueName;
    }

    public String deadLetterQueueName() {
        return deadLetterQueueName;
    }

    public String deadLetterQueueUrl() {
        return endpoint() + "/" + ACCOUNT_ID + "/" + deadLetterQueueName;
    }

    public Duration visibilityTimeout() {
        return visibilityTimeout;
    }

    public int maxReceiveCount() {
        return maxReceiveCount;
    }

    /**
     * A new SDK client for this server (url-connection HTTP client, static dummy credentials). The caller closes it.
     * It connects by address and port, so it keeps working across {@link #restart()}.
     */
    public SqsClient newClient() {
        return SqsClient.builder()
                .endpointOverride(endpoint())
                .region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("videogen", "videogen")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }

    /** Whether the HTTP endpoint is open. */
    public synchronized boolean isRunning() {
        return restServer != null;
    }

    /**
     * Closes the HTTP endpoint, cutting off the requests in progress (a long poll ends with a broken connection), and
     * opens it again on the same port. Queues and messages, including in-flight ones and their
     * visibility timers, are unaffected.
     */
    public synchronized void restart() {
        stopRestServer();
        restServer = startRestServer();
    }

    /**
     * Closes the HTTP endpoint and leaves it closed until {@link #resume()}, for tests of a queue that is away
     * for a while. Messages are kept.
     */
    public synchronized void suspend() {
        stopRestServer();
    }

    /** Opens the HTTP endpoint again after {@link #suspend()}; does nothing when it is open. */
    public synchronized void resume() {
        if (restServer == null) {
            restServer = startRestServer();
        }
    }

    /** Stops the server; its messages are gone. Safe to call twice. */
    public synchronized void stop() {
        try {
            stopRestServer();
        } finally {
            if (!actorSystem.whenTerminated().isCompleted()) {
                try {
                    Await.result(actorSystem.terminate(), SHUTDOWN_WAIT);
                } catch (Exception e) {
                    throw new IllegalStateException("sqs on port " + port + " did not stop within " + SHUTDOWN_WAIT, e);
                }
            }
        }
    }

    @Override
    public void close() {
        stop();
    }

    private void stopRestServer() {
        if (restServer == null) {
            return;
        }
        try {
            // SQSRestServer.stopAndWait() gives requests in progress a minute to finish, and a long poll takes up to
            // 20 s: cut them off at once instead, as an outage would.
            Http.ServerBinding binding = restServer.waitUntilStarted();
            Await.result(binding.terminate(CUT_OFF_REQUESTS_AFTER), SHUTDOWN_WAIT);
        } catch (Exception e) {
            throw new IllegalStateException("sqs on port " + port + " did not close its endpoint", e);
        } finally {
            restServer = null;
        }
    }


    @Override
    public String toString() {
        return "InProcessSqs[" + queueUrl() + ", dlq=" + deadLetterQueueName + "]";
    }

    /** Settings of an {@link InProcessSqs}; every one has a working default. */
    public static final class Builder {

        private int port;
        private String queueName = "videogen-render";
        private String deadLetterQueueName;
        private Duration visibilityTimeout = Duration.ofSeconds(30);
        private int maxReceiveCount = 5;
        private String region = "us-east-1";

        private Builder() {
        }

        /** The port to listen on; 0 (the default) picks a free one, kept across {@link #restart()}. */
        public Builder port(int port) {
            this.port = LoopbackPorts.requireValid(port);
            return this;
        }

        /** The render queue's name; {@code videogen-render} by default. */
        public Builder queueName(String name) {
            this.queueName = requireQueueName(name);
            return this;
        }

        /** The dead-letter queue's name; the render queue's name plus {@code -dlq} by default. */
        public Builder deadLetterQueueName(String name) {
            this.deadLetterQueueName = requireQueueName(name);
            return this;
        }

        /** How long a received message stays hidden before it is delivered again, in whole seconds; 30 s by default. */
        public Builder visibilityTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.compareTo(Duration.ofHours(12)) > 0 || timeout.toNanosPart() != 0) {
                throw new IllegalArgumentException("visibilityTimeout must be whole seconds within 0..12 h, was " + timeout);
            }
            this.visibilityTimeout = timeout;
            return this;
        }

        /** Receives after which a message moves to the dead-letter queue; 5 by default. */
        public Builder maxReceiveCount(int count) {
            if (count < 1 || count > 1000) {
                throw new IllegalArgumentException("maxReceiveCount must be within 1..1000, was " + count);
            }
            this.maxReceiveCount = count;
            return this;
        }

        /** The region in queue ARNs; {@code us-east-1} by default. */
        public Builder region(String region) {
            this.region = Objects.requireNonNull(region, "region");
            return this;
        }

        /** Starts the server; throws {@link ServerStartException} naming the port at fault. */
        public InProcessSqs start() {
            if (queueName.equals(deadLetterQueueName)) {
                throw new IllegalArgumentException("the dead-letter queue needs a name of its own");
            }
            return new InProcessSqs(this);
        }

        private static String requireQueueName(String name) {
            if (name == null || !name.matches("[A-Za-z0-9_-]{1,80}")) {
                throw new IllegalArgumentException("not a valid SQS queue name: " + name);
            }
            return name;
        }
    }
}
