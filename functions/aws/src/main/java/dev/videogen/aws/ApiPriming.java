package dev.videogen.aws;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.videogen.jobs.JobEndListener;
import dev.videogen.jobs.ServiceConfig;
import dev.videogen.jobs.VideogenService;
import dev.videogen.jobs.api.Authenticator;
import dev.videogen.jobs.db.Database;
import dev.videogen.jobs.ports.RenderQueue;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a SnapStart snapshot of the api function carries. Before the snapshot ({@link #beforeCheckpoint}) the
 * execution environment's service is assembled (it opens no connection) and create requests are rehearsed through
 * the whole create path without a trace: the same handler, parser, estimator and SQL function, on database
 * connections whose transactions are rolled back, and the queue message built and signed by the real SQS client,
 * then stopped before it is sent. Every connection it opened is closed again, so the snapshot holds none.
 */
public final class ApiPriming implements Resource {

    private static final Logger LOG = LoggerFactory.getLogger(ApiPriming.class);
    /** Enough repetitions for the request path's hottest methods to be compiled. */
    static final int REHEARSALS = 25;
    private static final byte[] REQUEST = """
            {"width": 640, "height": 360, "duration": 2, "response_type": "async",
             "elements": [{"type": "text", "text": "priming", "y": "40%", "height": "20%"}]}"""
            .getBytes(StandardCharsets.UTF_8);
    /** CRaC keeps registered resources weakly: this is the reference that keeps the hook alive. */
    private static final ApiPriming SHARED = new ApiPriming(LambdaRuntime::shared);
    private static final AtomicBoolean REGISTERED = new AtomicBoolean();

    /** What a priming run did. */
    public record Report(int createsAnswered, int sendsRehearsed, long millis) {
    }

    private final Supplier<LambdaRuntime> runtime;

    ApiPriming(Supplier<LambdaRuntime> runtime) {
        this.runtime = runtime;
    }

    /** The environment's priming hook, registered once with the JVM's checkpoint context. */
    static ApiPriming registerShared() {
        if (REGISTERED.compareAndSet(false, true)) {
            Core.getGlobalContext().register(SHARED);
        }
        return SHARED;
    }

    /** The hook {@link ApiHandler}'s Lambda constructor registers (for runs that checkpoint by other means). */
    public static ApiPriming shared() {
        return SHARED;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        try {
            Report report = prime();
            LOG.info("primed: {} creates answered, {} queue sends rehearsed, {} ms", report.createsAnswered(),
                    report.sendsRehearsed(), report.millis());
        } catch (RuntimeException e) {
            // a snapshot without priming is slower to answer, never wrong
            LOG.warn("priming failed, the snapshot goes without it: {}", e.toString());
        }
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // nothing to renew: priming left no connection, and the pool and SDK clients connect on first use
    }

    /** Assembles the service and rehearses {@value #REHEARSALS} create requests; leaves nothing behind. */
    public Report prime() {
        long started = System.nanoTime();
        LambdaRuntime environment = runtime.get();
        ServiceConfig config = environment.service().config();
        RolledBackDataSource connections = new RolledBackDataSource(config.databaseUrl(), config.databaseUser(),
                config.databasePassword());
        AtomicInteger rehearsedSends = new AtomicInteger();
        RenderQueue rehearsedQueue = new RenderQueue() {
            @Override
            public void enqueue(String jobId) {
                if (environment.queue().rehearseEnqueue(jobId)) {
                    rehearsedSends.incrementAndGet();
                }
            }

            @Override
            public void checkAvailable() {
                // nothing to check in a rehearsal
            }
        };
        int answered = 0;
        try (VideogenService rehearsal = new VideogenService(config, Database.of(connections), environment.store(),
                rehearsedQueue, Authenticator.NONE, JobEndListener.NONE, environment.retention())) {
            ApiHandler handler = new ApiHandler(rehearsal::api);
            for (int i = 0; i < REHEARSALS; i++) {
                APIGatewayV2HTTPResponse response = handler.handleRequest(ApiEvents.event("POST", "/v1/videocreate",
                        null, Map.of("Content-Type", "application/json", "User-Agent", "videogen-priming"), REQUEST,
                        "127.0.0.1"), null);
                if (response.getStatusCode() == 202) {
                    answered++;
                } else if (i == 0) {
                    LOG.warn("priming create answered {}: {}", response.getStatusCode(), response.getBody());
                }
            }
        } finally {
            connections.closeAll();
        }
        return new Report(answered, rehearsedSends.get(), (System.nanoTime() - started) / 1_000_000);
    }
}
