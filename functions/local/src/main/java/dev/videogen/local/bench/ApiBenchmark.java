package dev.videogen.local.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.videogen.engine.Cancellation;
import dev.videogen.engine.RenderListener;
import dev.videogen.engine.Renderer;
import dev.videogen.engine.RendererConfig;
import dev.videogen.engine.ffmpeg.FfmpegLocator;
import dev.videogen.engine.media.LocalOrHttpSourceFetcher;
import dev.videogen.engine.plan.EncoderSettings;
import dev.videogen.engine.plan.FontCatalog;
import dev.videogen.engine.validation.RequestParser;
import dev.videogen.aws.client.AwsClientSettings;
import dev.videogen.inprocess.InProcessSqs;
import dev.videogen.inprocess.LoopbackFileServer;
import dev.videogen.local.DevStack;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The local stack under load, over loopback: (a) create-job latency and throughput for async jobs at 1, 8 and 32
 * concurrent clients, each level for a fixed time, first with renders off ({@code --workers 0}: the API and the
 * queue only), then with two render workers taking the jobs as they come; (b) the inline path's end-to-end time for
 * the 10 s portrait example divided by the engine-only render time of the same request.
 *
 * <p>The stack runs in its own JVM, started as {@code videogen dev} starts it, so that the load generator shares
 * neither its heap nor its compiler threads (it still shares the machine's cores), and it is warmed up first: the
 * levels measure a server whose code is compiled, not the compiler. Each level also reports the processor time the
 * stack's JVM, its database and the load generator spent per create.
 */
public final class ApiBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TINY_JOB = """
            {"width": 64, "height": 64, "duration": 1, "response_type": "async",
             "elements": [{"type": "text", "text": "load"}]}""";

    private final Path examples;
    private final Path work;
    private final PrintStream out;

    public ApiBenchmark(Path examples, Path work, PrintStream out) {
        this.examples = examples;
        this.work = work;
        this.out = out;
    }

    /**
     * The stack is loaded at the busiest level, in rounds, until its JIT compiler is quiet: it compiles for two to three
     * minutes at 32 clients, at up to a third of one core, so a stack measured sooner is measured with the compiler.
     */
    private static final int WARM_UP_CLIENTS = 32;
    private static final Duration WARM_UP_ROUND = Duration.ofSeconds(10);
    private static final Duration WARM_UP_LEAST = Duration.ofSeconds(60);
    private static final Duration WARM_UP_MOST = Duration.ofMinutes(6);
    /** The compiler is quiet when its threads used less than this share of one core over a round. */
    private static final double QUIET_COMPILER = 0.02;

    /** How the stack was warmed up; {@code compilerShare} is NaN where the compiler's threads cannot be read. */
    record WarmUp(int requests, double seconds, double compilerShare) {
    }

    /** Latency figures of one concurrency level, and the processor time spent per request on each side. */
    public record Level(int clients, int requests, int errors, double seconds, double p50Ms, double p95Ms,
                        double p99Ms, double stackCpuMs, double databaseCpuMs, double clientCpuMs,
                        double serverDatabaseP50Ms, double serverQueueP50Ms, double serverTotalP50Ms) {
        double throughput() {
            return requests / seconds;
        }
    }

    public void run(Duration perLevel, int inlineRuns) throws Exception {
        Path media = examples.resolve("media");
        if (!Files.isRegularFile(media.resolve("background.mp4"))) {
            throw new IllegalStateException("no example media in " + media + ": run examples/make-media.sh first");
        }
        LoopbackFileServer files = LoopbackFileServer.serve(media);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        try {
            queueSendChoice();
            List<Level> rendersOff = createLevels(0, perLevel);
            List<Level> rendersOn = createLevels(2, perLevel);
            out.println();
            table("renders off (--workers 0)", rendersOff);
            table("renders on (2 workers)", rendersOn);
            DevStack stack = start(2);
            try {
                inlineRatio(http, URI.create(stack.apiUrl() + "/videocreate"), files, inlineRuns);
            } finally {
                stack.drain(Duration.ofSeconds(5));
                stack.close();
            }
        } finally {
            files.close();
        }
    }

    private DevStack start(int workers) throws IOException {
        Path data = Files.createDirectories(work.resolve("data-" + workers + "-" + System.nanoTime()));
        return DevStack.start(new DevStack.Options(0, data, workers, true, Map.of("QUICK_RESPONSE_BUDGET_SECONDS", "25")),
                new PrintStream(OutputStream.nullOutputStream()));
    }

    /**
     * One SQS send through the SDK's url-connection client as the SDK configures it (the body streamed, so the JDK
     * checks each kept-alive connection with a one-millisecond read first) against the service's client (small
     * bodies sent from a buffer), alternating in rounds against the in-process SQS server.
     */
    private void queueSendChoice() {
        int rounds = 4;
        int sends = 500;
        try (InProcessSqs sqs = InProcessSqs.builder().start();
             SqsClient streamed = AwsClientSettings.forLocalEndpoint(sqs.endpoint()).build()
                     .configure(SqsClient.builder()).httpClient(UrlConnectionHttpClient.builder().build()).build();
             SqsClient buffered = AwsClientSettings.forLocalEndpoint(sqs.endpoint()).build()
                     .configure(SqsClient.builder()).build()) {
            List<Double> streamedP50 = new ArrayList<>();
            List<Double> bufferedP50 = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                streamedP50.add(sendP50(streamed, sqs.queueUrl(), sends));
                bufferedP50.add(sendP50(buffered, sqs.queueUrl(), sends));
            }
            out.println();
            out.println("| SQS send of a job's message, in-process server | rounds x sends | p50, median of rounds (ms) |");
            out.println("|---|---|---|");
            out.printf(Locale.ROOT, "| url-connection client as the SDK sets it up (body streamed) | %d x %d | %.2f |%n",
                    rounds, sends, Statistics.median(streamedP50));
            out.printf(Locale.ROOT, "| the service's client (small bodies from a buffer) | %d x %d | %.2f |%n", rounds,
                    sends, Statistics.median(bufferedP50));
            out.println();
        }
    }

    private static double sendP50(SqsClient client, String queueUrl, int sends) {
        List<Double> latencies = new ArrayList<>();
        for (int i = 0; i < sends; i++) {
            long started = System.nanoTime();
            client.sendMessage(b -> b.queueUrl(queueUrl).messageBody("{\"job_id\":\"vg_bench\"}"));
            latencies.add((System.nanoTime() - started) / 1e6);
        }
        return Statistics.quantile(latencies, 0.5);
    }

    /** The create levels on a fresh stack, in its own JVM, with {@code workers} render workers (0: renders off). */
    private List<Level> createLevels(int workers, Duration perLevel) throws Exception {
        Path data = Files.createDirectories(work.resolve("stack-" + workers + "-" + System.nanoTime()));
        try (StackProcess stack = StackProcess.start(data, workers, Map.of("QUICK_RESPONSE_BUDGET_SECONDS", "25"))) {
            URI create = URI.create(stack.apiUrl() + "/videocreate");
            WarmUp warmUp = warmUp(create, stack);
            out.printf(Locale.ROOT, "  %d worker(s): warmed up with %d creates at %d clients in %.0f s; its JIT "
                            + "compiler used %.1f %% of a core over the last %d s%n", workers, warmUp.requests(),
                    WARM_UP_CLIENTS, warmUp.seconds(), warmUp.compilerShare() * 100, WARM_UP_ROUND.toSeconds());
            List<Level> levels = new ArrayList<>();
            for (int clients : new int[] {1, 8, 32}) {
                levels.add(level(create, clients, perLevel, stack));
                out.printf(Locale.ROOT, "  %d worker(s), %d client(s) done%n", workers, clients);
            }
            return levels;
        }
    }

    /**
     * Loads the stack in rounds until its compiler is quiet: at least {@code WARM_UP_LEAST}, at most
     * {@code WARM_UP_MOST}; where the compiler's threads cannot be read, for {@code WARM_UP_LEAST}.
     */
    private WarmUp warmUp(URI create, StackProcess stack) throws Exception {
        int requests = 0;
        double seconds = 0;
        while (true) {
            Optional<Duration> compiledBefore = stack.compilerCpu();
            Level round = level(create, WARM_UP_CLIENTS, WARM_UP_ROUND, stack);
            Optional<Duration> compiledAfter = stack.compilerCpu();
            requests += round.requests();
            seconds += round.seconds();
            double share = compiledBefore.isPresent() && compiledAfter.isPresent()
                    ? Math.max(0, compiledAfter.get().minus(compiledBefore.get()).toNanos() / 1e9) / round.seconds()
                    : Double.NaN;
            boolean settled = Double.isNaN(share) || share < QUIET_COMPILER;
            if (seconds >= WARM_UP_MOST.toSeconds() || (seconds >= WARM_UP_LEAST.toSeconds() && settled)) {
                return new WarmUp(requests, seconds, share);
            }
        }
    }

    private void table(String title, List<Level> levels) {
        out.println("| " + title + ": concurrent clients | requests | errors | throughput (req/s) | p50 (ms) "
                + "| p95 (ms) | p99 (ms) | Server-Timing p50: db / queue / total (ms) "
                + "| CPU per create: stack JVM / database / load generator (ms) |");
        out.println("|---|---|---|---|---|---|---|---|---|");
        for (Level level : levels) {
            out.printf(Locale.ROOT, "| %d | %d | %d | %.1f | %.1f | %.1f | %.1f | %.2f / %.2f / %.2f "
                            + "| %.2f / %.2f / %.2f |%n",
                    level.clients(), level.requests(), level.errors(), level.throughput(), level.p50Ms(),
                    level.p95Ms(), level.p99Ms(), level.serverDatabaseP50Ms(), level.serverQueueP50Ms(),
                    level.serverTotalP50Ms(), level.stackCpuMs(), level.databaseCpuMs(), level.clientCpuMs());
        }
        out.println();
    }

    private Level level(URI create, int clients, Duration length, StackProcess stack) throws Exception {
        Duration stackCpu = stack.jvmCpu();
        Duration databaseCpu = stack.databaseCpu();
        Duration clientCpu = StackProcess.cpu(ProcessHandle.current());
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        List<double[]> serverTimings = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger errors = new AtomicInteger();
        long deadline = System.nanoTime() + length.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long started = System.nanoTime();
        List<Future<?>> running = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            running.add(pool.submit(() -> {
                try (KeepAliveClient client = new KeepAliveClient(create, TINY_JOB)) {
                    while (System.nanoTime() < deadline) {
                        long sent = System.nanoTime();
                        try {
                            KeepAliveClient.Answer answer = client.post();
                            if (answer.status() != 202) {
                                errors.incrementAndGet();
                            }
                            if (answer.serverTiming() != null) {
                                serverTimings.add(serverTiming(answer.serverTiming()));
                            }
                        } catch (IOException e) {
                            errors.incrementAndGet();
                        }
                        latencies.add((System.nanoTime() - sent) / 1e6);
                    }
                }
            }));
        }
        for (Future<?> future : running) {
            future.get();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        pool.shutdown();
        int requests = latencies.size();
        return new Level(clients, requests, errors.get(), seconds, Statistics.quantile(latencies, 0.5),
                Statistics.quantile(latencies, 0.95), Statistics.quantile(latencies, 0.99),
                perRequestMs(stack.jvmCpu().minus(stackCpu), requests),
                perRequestMs(stack.databaseCpu().minus(databaseCpu), requests),
                perRequestMs(StackProcess.cpu(ProcessHandle.current()).minus(clientCpu), requests),
                serverQuantile(serverTimings, 0), serverQuantile(serverTimings, 1), serverQuantile(serverTimings, 2));
    }

    /** The db, queue and total durations of a {@code Server-Timing} header, in milliseconds. */
    static double[] serverTiming(String header) {
        double[] durations = new double[3];
        for (String metric : header.split(",")) {
            String[] parts = metric.trim().split(";dur=");
            if (parts.length == 2) {
                int index = switch (parts[0]) {
                    case "db" -> 0;
                    case "queue" -> 1;
                    case "total" -> 2;
                    default -> -1;
                };
                if (index >= 0) {
                    durations[index] = Double.parseDouble(parts[1]);
                }
            }
        }
        return durations;
    }

    private static double serverQuantile(List<double[]> timings, int index) {
        List<Double> values = new ArrayList<>();
        for (double[] timing : timings) {
            values.add(timing[index]);
        }
        return values.isEmpty() ? Double.NaN : Statistics.quantile(values, 0.5);
    }

    private static double perRequestMs(Duration cpu, int requests) {
        return requests == 0 ? 0 : cpu.toNanos() / 1e6 / requests;
    }

    private void inlineRatio(HttpClient http, URI create, LoopbackFileServer files, int runs) throws Exception {
        JsonNode example = JSON.readTree(examples.resolve("portrait-10s.json").toFile());
        ObjectNode overHttp = example.deepCopy();
        overHttp.put("response_type", "immediate");
        for (JsonNode element : overHttp.withArray("elements")) {
            if (element.has("source")) {
                String name = Path.of(element.get("source").asText()).getFileName().toString();
                ((ObjectNode) element).put("source", files.url(name));
            }
        }
        Path fonts = FontCatalog.fontDirectory(null, work.resolve("fonts"));
        Renderer engine = new Renderer(RendererConfig.defaults(FfmpegLocator.locate(System.getenv("FFMPEG_PATH")),
                        work.resolve("renders"), fonts).withEncoder(EncoderSettings.DEFAULT),
                new LocalOrHttpSourceFetcher(examples));
        var request = new RequestParser(RequestParser.SourcePolicy.REMOTE_AND_LOCAL_FILES).parse(example);
        List<Double> inline = new ArrayList<>();
        List<Double> engineOnly = new ArrayList<>();
        for (int run = 0; run < runs; run++) {
            long started = System.nanoTime();
            HttpResponse<String> response = post(http, create, overHttp.toString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("the inline request was answered " + response.statusCode() + ": "
                        + response.body());
            }
            inline.add((System.nanoTime() - started) / 1e9);
            started = System.nanoTime();
            engine.render(request, work.resolve("engine-only.mp4"), RenderListener.NONE, Cancellation.NEVER);
            engineOnly.add((System.nanoTime() - started) / 1e9);
            out.printf(Locale.ROOT, "  inline run %d: %.2f s end to end, %.2f s engine only%n", run + 1,
                    inline.get(run), engineOnly.get(run));
        }
        double ratio = Statistics.median(inline) / Statistics.median(engineOnly);
        out.println();
        out.println("| inline path, portrait 10 s | runs | end to end (median s) | engine only (median s) | ratio |");
        out.println("|---|---|---|---|---|");
        out.printf(Locale.ROOT, "| POST /v1/videocreate, response_type immediate | %d | %.2f | %.2f | %.3f |%n", runs,
                Statistics.median(inline), Statistics.median(engineOnly), ratio);
    }

    private static HttpResponse<String> post(HttpClient http, URI uri, String body)
            throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
