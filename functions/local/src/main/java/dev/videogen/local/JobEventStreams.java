package dev.videogen.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import dev.videogen.aws.ApiHandler;
import dev.videogen.inprocess.LocalLambdaContext;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /v1/videoresult/{job_id}/events}: a Server-Sent Event stream of a job. The first event is the job as
 * {@code GET /v1/videoresult/{job_id}} shows it (same handler, same authentication and ownership rules); every change
 * the database announces on LISTEN/NOTIFY sends the job again; the stream ends after a final state.
 */
final class JobEventStreams implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> FINAL = Set.of("completed", "failed", "cancelled", "timeout", "expired");
    private static final Duration KEEPALIVE = Duration.ofSeconds(15);

    private final JobEventHub hub;
    private final ApiHandler handler;
    private volatile boolean open = true;

    JobEventStreams(JobEventHub hub, ApiHandler handler) {
        this.hub = hub;
        this.handler = handler;
    }

    void stream(HttpExchange exchange, String jobId, APIGatewayV2HTTPEvent statusRequest) throws IOException {
        BlockingQueue<Object> changes = new LinkedBlockingQueue<>();
        Runnable unsubscribe = hub.subscribe(jobId, changes::add);
        try {
            APIGatewayV2HTTPResponse first = status(statusRequest);
            if (first.getStatusCode() != 200) {
                LocalApiServer.respond(exchange, first.getStatusCode(), first.getHeaders(), first.getBody());
                return;
            }
            exchange.getResponseHeaders().put("Content-Type", List.of("text/event-stream; charset=utf-8"));
            exchange.getResponseHeaders().put("Cache-Control", List.of("no-cache"));
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            int sequence = 0;
            String last = send(out, ++sequence, first.getBody());
            while (open && !isFinal(last)) {
                Object change = changes.poll(KEEPALIVE.toMillis(), TimeUnit.MILLISECONDS);
                if (change == null) {
                    out.write(": keepalive\n\n".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    continue;
                }
                changes.clear();
                APIGatewayV2HTTPResponse now = status(statusRequest);
                if (now.getStatusCode() != 200) {
                    break;
                }
                last = send(out, ++sequence, now.getBody());
            }
            out.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the client went away: nothing to clean but the subscription
        } finally {
            unsubscribe.run();
        }
    }

    private APIGatewayV2HTTPResponse status(APIGatewayV2HTTPEvent request) {
        return handler.handleRequest(request, new LocalLambdaContext("videogen-local-api", "us-east-1", 1769,
                Duration.ofSeconds(29)));
    }

    /** Sends the job as one event; returns its status. */
    private static String send(OutputStream out, int id, String body) throws IOException {
        JsonNode job = JSON.readTree(body);
        String status = job.path("status").asText();
        String event = "id: " + id + "\nevent: job\ndata: " + job + "\n\n";
        out.write(event.getBytes(StandardCharsets.UTF_8));
        out.flush();
        return status;
    }

    private static boolean isFinal(String status) {
        return status != null && FINAL.contains(status);
    }

    @Override
    public void close() {
        open = false;
    }
}
