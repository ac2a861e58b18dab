package dev.videogen.local.bench;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.videogen.aws.ApiEvents;
import dev.videogen.aws.ApiPriming;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One cold start of the api function, in a JVM of its own on the shaded function jar: the handler class loaded and
 * constructed by name as Lambda's runtime does, then its first create served against the local servers (settings
 * from the environment, as in Lambda). Prints the wall-clock milliseconds of each stage for {@link ColdStartBenchmark}.
 *
 * <p>{@code primed} runs the SnapStart priming hook ({@link ApiPriming}) between construction and the first
 * request, where a snapshot would be taken and later restored; {@code choice:<name>} times the first use of one of
 * the {@link StartupChoices} instead.
 */
public final class ColdStartProbe {

    /** The handler Lambda is configured with (infra-cdk's api function). */
    static final String HANDLER = "dev.videogen.aws.ApiHandler";
    static final String REQUEST = """
            {"width": 640, "height": 360, "duration": 2, "response_type": "async",
             "elements": [{"type": "text", "text": "cold start", "y": "40%", "height": "20%"}]}""";

    private ColdStartProbe() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("main " + System.currentTimeMillis());
        if (args.length > 0 && args[0].startsWith("choice:")) {
            long started = System.nanoTime();
            StartupChoices.firstUse(args[0].substring("choice:".length()));
            System.out.println("took " + (System.nanoTime() - started) / 1e6);
            System.out.flush();
            Runtime.getRuntime().halt(0);
        }
        boolean primed = args.length > 0 && args[0].equals("primed");
        String apiKey = System.getenv("COLDSTART_API_KEY");
        @SuppressWarnings("unchecked")
        RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler =
                (RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>) Class.forName(HANDLER)
                        .getDeclaredConstructor().newInstance();
        System.out.println("ready " + System.currentTimeMillis());
        if (primed) {
            ApiPriming.Report report = ApiPriming.shared().prime();
            System.out.println("primed " + System.currentTimeMillis() + " " + report.createsAnswered() + " "
                    + report.sendsRehearsed());
        }
        APIGatewayV2HTTPEvent event = ApiEvents.event("POST", "/v1/videocreate", null,
                Map.of("Content-Type", "application/json", "x-api-key", apiKey, "User-Agent", "coldstart-probe"),
                REQUEST.getBytes(StandardCharsets.UTF_8), "127.0.0.1");
        APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);
        System.out.println("answer " + System.currentTimeMillis() + " " + response.getStatusCode());
        if (response.getStatusCode() != 202) {
            System.out.println("body " + response.getBody());
        }
        long second = System.nanoTime();
        response = handler.handleRequest(ApiEvents.event("POST", "/v1/videocreate", null,
                Map.of("Content-Type", "application/json", "x-api-key", apiKey), REQUEST.getBytes(StandardCharsets.UTF_8),
                "127.0.0.1"), null);
        System.out.println("second " + (System.nanoTime() - second) / 1_000_000.0 + " " + response.getStatusCode());
        System.out.flush();
        Runtime.getRuntime().halt(0);
    }
}
