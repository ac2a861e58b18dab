package dev.videogen.local.bench;

import dev.videogen.engine.plan.FontCatalog;
import dev.videogen.engine.ffmpeg.FfmpegLocator;
import dev.videogen.jobs.ServiceConfig;
import dev.videogen.jobs.auth.ApiKeys;
import dev.videogen.local.DevStack;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Cold starts of the api function: each run starts a fresh JVM on the shaded function jar (the Lambda deployment
 * artifact) with the api function's JVM options, which constructs the handler by name and serves its first create
 * (API-key authentication, one job written, one message queued) against the local stack's database and queue.
 * Reported from the moment the JVM is started: handler constructed, first answer. Then the same with the priming a
 * SnapStart snapshot would carry run first, and the first answer measured from where the snapshot would be taken.
 */
public final class ColdStartBenchmark {

    /** As infra-cdk's api function runs (ServiceStack.API_JAVA_TOOL_OPTIONS). */
    static final String API_JAVA_TOOL_OPTIONS = "-XX:+TieredCompilation -XX:TieredStopAtLevel=1";

    private final Path functionsJar;
    private final Path work;
    private final PrintStream out;

    public ColdStartBenchmark(Path functionsJar, Path work, PrintStream out) {
        this.functionsJar = functionsJar;
        this.work = work;
        this.out = out;
    }

    /** One cold start: milliseconds from the JVM's start. */
    record Run(double readyMs, double primedMs, double answerMs, double secondMs, int status, String detail) {
        double afterRestoreMs() {
            return answerMs - (Double.isNaN(primedMs) ? readyMs : primedMs);
        }
    }

    public void run(int runs) throws Exception {
        if (!Files.isRegularFile(functionsJar)) {
            throw new IllegalStateException("no function jar at " + functionsJar
                    + ": build it with ./mvnw -B -q package -DskipTests -pl functions/aws -am");
        }
        DevStack stack = DevStack.start(new DevStack.Options(0, work.resolve("data"), 0, true, Map.of()),
                new PrintStream(OutputStream.nullOutputStream()));
        try {
            ServiceConfig config = stack.service().config();
            String key = new ApiKeys(stack.service().database()).create("coldstart", "benchmark").key();
            Map<String, String> env = new HashMap<>();
            env.put("VIDEOGEN_ENV", "coldstart");
            env.put("AUTH_MODE", "api_key");
            env.put("DATABASE_URL", config.databaseUrl());
            env.put("DATABASE_USER", config.databaseUser());
            env.put("DATABASE_PASSWORD", config.databasePassword());
            env.put("OUTPUT_BUCKET", DevStack.BUCKET);
            env.put("RENDER_QUEUE_URL", stack.renderQueueUrl());
            env.put("AWS_REGION", "us-east-1");
            env.put("AWS_ACCESS_KEY_ID", "videogen");
            env.put("AWS_SECRET_ACCESS_KEY", "videogen");
            env.put("AWS_ENDPOINT_URL_SQS", stack.queueUrl());
            env.put("AWS_ENDPOINT_URL_S3", stack.storageUrl());
            env.put("WORK_DIR", Files.createDirectories(work.resolve("function")).toString());
            env.put("FFMPEG_PATH", FfmpegLocator.locate(System.getenv("FFMPEG_PATH")).toString());
            // the function jar carries no fonts: deployed, the layer's /opt/fonts holds them
            env.put("FONT_DIR", FontCatalog.fontDirectory(null, work.resolve("layer-fonts")).toString());
            env.put("JAVA_TOOL_OPTIONS", API_JAVA_TOOL_OPTIONS);
            env.put("WEBHOOK_SECRET", "coldstart-benchmark-signing-key-0123456789");
            env.put("COLDSTART_API_KEY", key);

            List<Run> cold = new ArrayList<>();
            List<Run> primed = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                cold.add(start(env, false));
                out.printf(Locale.ROOT, "  cold run %d: ready %.0f ms, first answer %.0f ms (%d), second %.1f ms%n",
                        i + 1, cold.get(i).readyMs(), cold.get(i).answerMs(), cold.get(i).status(),
                        cold.get(i).secondMs());
            }
            for (int i = 0; i < runs; i++) {
                primed.add(start(env, true));
                out.printf(Locale.ROOT, "  primed run %d: ready %.0f ms, primed %.0f ms (%s), first answer %.0f ms "
                                + "after the snapshot point (%d), second %.1f ms%n", i + 1, primed.get(i).readyMs(),
                        primed.get(i).primedMs(), primed.get(i).detail(), primed.get(i).afterRestoreMs(),
                        primed.get(i).status(), primed.get(i).secondMs());
            }
            out.println();
            out.println("| api function, first create | runs | JVM start → handler ready (ms) | → primed (ms) "
                    + "| → first answer (ms) | first answer after the snapshot point (ms) | second create (ms) |");
            out.println("|---|---|---|---|---|---|---|");
            row("cold start, no priming", cold);
            row("SnapStart priming (CRaC beforeCheckpoint) first", primed);
            out.println("(medians; \"after the snapshot point\" is the time from the end of priming — where SnapStart "
                    + "takes the snapshot — to the answer, without the restore itself, which needs Lambda)");
            choices(env, runs);
        } finally {
            stack.close();
        }
    }

    /** Each start-up choice's first use in a fresh JVM: what a cold start pays for it. */
    private void choices(Map<String, String> env, int runs) throws IOException, InterruptedException {
        out.println();
        out.println("| first use in a fresh JVM | runs | median (ms) |");
        out.println("|---|---|---|");
        for (String choice : StartupChoices.names()) {
            List<Double> took = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                took.add(firstUse(env, choice));
            }
            out.printf(Locale.ROOT, "| %s | %d | %.0f |%n", StartupChoices.CHOICES.get(choice), runs,
                    Statistics.median(took));
        }
    }

    private double firstUse(Map<String, String> env, String choice) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", functionsJar + java.io.File.pathSeparator + probeLocation(),
                ColdStartProbe.class.getName(), "choice:" + choice)).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        List<String> output = new ArrayList<>();
        double took = Double.NaN;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                output.add(line);
                if (line.startsWith("took ")) {
                    took = Double.parseDouble(line.substring(5));
                }
            }
        }
        process.waitFor(2, TimeUnit.MINUTES);
        if (Double.isNaN(took)) {
            throw new IllegalStateException("the first use of " + choice + " failed:\n" + String.join("\n", output));
        }
        return took;
    }

    private void row(String name, List<Run> runs) {
        out.printf(Locale.ROOT, "| %s | %d | %.0f | %s | %.0f | %.0f | %.1f |%n", name, runs.size(),
                median(runs, Run::readyMs),
                Double.isNaN(runs.get(0).primedMs()) ? "–" : String.format(Locale.ROOT, "%.0f", median(runs, Run::primedMs)),
                median(runs, Run::answerMs), median(runs, Run::afterRestoreMs), median(runs, Run::secondMs));
    }

    private static double median(List<Run> runs, java.util.function.ToDoubleFunction<Run> figure) {
        return Statistics.median(runs.stream().map(figure::applyAsDouble).toList());
    }

    private Run start(Map<String, String> env, boolean primed) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", functionsJar + java.io.File.pathSeparator + probeLocation(),
                ColdStartProbe.class.getName()));
        if (primed) {
            command.add("primed");
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        long started = System.currentTimeMillis();
        Process process = builder.start();
        double ready = Double.NaN;
        double primedAt = Double.NaN;
        double answer = Double.NaN;
        double second = Double.NaN;
        int status = 0;
        String detail = "";
        List<String> output = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                output.add(line);
                String[] parts = line.split(" ");
                switch (parts[0]) {
                    case "ready" -> ready = Long.parseLong(parts[1]) - started;
                    case "primed" -> {
                        primedAt = Long.parseLong(parts[1]) - started;
                        detail = parts[2] + " creates, " + parts[3] + " sends rehearsed";
                    }
                    case "answer" -> {
                        answer = Long.parseLong(parts[1]) - started;
                        status = Integer.parseInt(parts[2]);
                    }
                    case "second" -> second = Double.parseDouble(parts[1]);
                    default -> {
                    }
                }
            }
        }
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
        }
        if (status != 202) {
            throw new IllegalStateException("the cold start's first create was not accepted:\n"
                    + String.join("\n", output));
        }
        return new Run(ready, primedAt, answer, second, status, detail);
    }

    private static String probeLocation() {
        try {
            return Path.of(ColdStartProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
