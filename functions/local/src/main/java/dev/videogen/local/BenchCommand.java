package dev.videogen.local;

import dev.videogen.engine.DirectoryTrees;
import dev.videogen.local.bench.ApiBenchmark;
import dev.videogen.local.bench.CaptionBenchmark;
import dev.videogen.local.bench.ColdStartBenchmark;
import dev.videogen.local.bench.ChunkBenchmark;
import dev.videogen.local.bench.RenderBenchmark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code videogen bench render|api|coldstart|captions|chunks}: the benchmarks whose tables README.md carries. */
@Command(name = "bench", description = "Run a benchmark and print its table: render (engine against a hand-written "
        + "FFmpeg command), api (the local stack under load with renders off and on, and the inline path's overhead), "
        + "coldstart (the api function's first answer in a fresh JVM, without and with SnapStart priming), captions "
        + "(what 150 highlighted caption words cost, drawn in Java and with drawtext, and the cost per distinct cue "
        + "state) or chunks (single pass against --chunks 2 of a 60 s 1080p composition, and the fan-out model's "
        + "predictions).")
final class BenchCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "render|api|coldstart|captions|chunks")
    String which;

    @Option(names = "--examples", paramLabel = "DIR", description = "The examples directory with media/ (default: ${DEFAULT-VALUE}).")
    Path examples = Path.of("examples");

    @Option(names = "--runs", description = "Runs of each side per composition (default: ${DEFAULT-VALUE}).")
    int runs = 3;

    @Option(names = "--only", paramLabel = "NAME", description = "render: only the composition whose request file starts with NAME; captions: engine (without "
            + "and with captions) or drawtext (captions drawn in Java and by drawtext).")
    String only;

    @Option(names = "--functions-jar", paramLabel = "JAR",
            description = "The shaded function jar for coldstart (default: ${DEFAULT-VALUE}).")
    Path functionsJar = Path.of("functions/aws/target/videogen-functions.jar");

    @Option(names = "--seconds", description = "Seconds per concurrency level of the api benchmark (default: ${DEFAULT-VALUE}).")
    int seconds = 10;

    @Override
    public Integer call() throws Exception {
        Path work = Files.createTempDirectory("videogen-bench-");
        try {
            switch (which) {
                case "render" -> new RenderBenchmark(examples.toAbsolutePath(), work, System.out).run(runs, only);
                case "chunks" -> new ChunkBenchmark(examples.toAbsolutePath(), work, System.out).run();
                case "api" -> new ApiBenchmark(examples.toAbsolutePath(), work, System.out)
                        .run(Duration.ofSeconds(seconds), runs);
                case "coldstart" -> new ColdStartBenchmark(functionsJar.toAbsolutePath(), work, System.out).run(runs);
                case "captions" -> new CaptionBenchmark(examples.toAbsolutePath(), work, System.out).run(runs, only);
                default -> {
                    System.err.println("videogen bench: say render, api, coldstart, captions or chunks");
                    return 2;
                }
            }
            return 0;
        } catch (IllegalStateException e) {
            System.err.println("videogen bench: " + e.getMessage());
            return 1;
        } finally {
            DirectoryTrees.delete(work);
        }
    }
}
