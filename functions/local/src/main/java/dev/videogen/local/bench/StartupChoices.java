package dev.videogen.local.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.videogen.aws.ApiEvents;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The start-up cost of the choices the api function's first answer depends on, each measured as its first use in a
 * JVM of its own (run by {@link ColdStartProbe}): what a choice costs is what a cold start pays for it.
 */
final class StartupChoices {

    /** Name and what it measures, in the order the table shows them. */
    static final Map<String, String> CHOICES = new java.util.LinkedHashMap<>();

    static {
        CHOICES.put("sqs-client", "SQS client with the url-connection HTTP client (built at assembly: every create sends)");
        CHOICES.put("s3-client", "S3 client and presigner (built on first use: an async create never needs them)");
        CHOICES.put("source-http-client", "Apache HttpClient 5 for source downloads (built on the first download: an async create never downloads)");
        CHOICES.put("json-tree", "the request body read as a JSON tree by one configured mapper (kept)");
        CHOICES.put("json-databind", "the same request's event bound to classes by a plain ObjectMapper (not used)");
    }

    private static final String BODY = ColdStartProbe.REQUEST;

    private StartupChoices() {
    }

    static List<String> names() {
        return List.copyOf(CHOICES.keySet());
    }

    static void firstUse(String choice) throws Exception {
        switch (choice) {
            case "sqs-client" -> SqsClient.builder().region(Region.US_EAST_1)
                    .credentialsProvider(AnonymousCredentialsProvider.create())
                    .endpointOverride(URI.create("http://127.0.0.1:9"))
                    .httpClientBuilder(UrlConnectionHttpClient.builder()).build().close();
            case "s3-client" -> {
                S3Client.builder().region(Region.US_EAST_1).credentialsProvider(AnonymousCredentialsProvider.create())
                        .endpointOverride(URI.create("http://127.0.0.1:9")).forcePathStyle(true)
                        .httpClientBuilder(UrlConnectionHttpClient.builder()).build().close();
                software.amazon.awssdk.services.s3.presigner.S3Presigner.builder().region(Region.US_EAST_1)
                        .credentialsProvider(AnonymousCredentialsProvider.create()).build().close();
            }
            case "source-http-client" -> org.apache.hc.client5.http.impl.classic.HttpClients.custom()
                    .setConnectionManager(org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder
                            .create().build())
                    .disableRedirectHandling().disableAutomaticRetries().disableCookieManagement().build().close();
            case "json-tree" -> JsonMapper.builder().build().readTree(BODY.getBytes(StandardCharsets.UTF_8));
            case "json-databind" -> {
                APIGatewayV2HTTPEvent event = ApiEvents.event("POST", "/v1/videocreate", null,
                        Map.of("Content-Type", "application/json"), BODY.getBytes(StandardCharsets.UTF_8), "127.0.0.1");
                ObjectMapper mapper = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
                mapper.readValue(mapper.writeValueAsString(event), APIGatewayV2HTTPEvent.class);
            }
            default -> throw new IllegalArgumentException("no choice " + choice);
        }
    }
}
