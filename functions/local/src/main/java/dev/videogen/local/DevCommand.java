package dev.videogen.local;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code videogen dev}: the whole product on this machine, until Ctrl-C. */
@Command(name = "dev", description = "Run the whole stack on this machine: API, database, storage, queue and renderer.")
final class DevCommand implements Callable<Integer> {

    @Option(names = "--port", paramLabel = "PORT", description = "API port on 127.0.0.1 (default: $PORT or 3000).")
    Integer port;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Where rows, stored videos and temporary files live (default: $VIDEOGEN_DATA_DIR or .videogen).")
    Path dataDirectory;

    @Option(names = "--workers", paramLabel = "N", description = "Concurrent renders (default: ${DEFAULT-VALUE}); 0 runs the API and the queue without rendering.")
    int workers = 1;

    @Option(names = "--allow-loopback-sources", arity = "0..1", paramLabel = "true|false", fallbackValue = "true",
            description = "Let sources and webhooks point at this machine (default: ${DEFAULT-VALUE}); false applies the production rules.")
    boolean allowLoopbackSources = true;

    @Override
    public Integer call() {
        PrintStream out = System.out;
        PrintStream err = System.err;
        int apiPort;
        try {
            apiPort = port != null ? port : Integer.parseInt(System.getenv().getOrDefault("PORT", "3000"));
        } catch (NumberFormatException e) {
            err.println("videogen dev: PORT must be a number, was '" + System.getenv("PORT") + "'");
            return 2;
        }
        if (apiPort < 0 || apiPort > 65535 || workers < 0 || workers > 64) {
            err.println("videogen dev: --port must be 0..65535 and --workers 0..64");
            return 2;
        }
        Path data = dataDirectory != null ? dataDirectory
                : Path.of(System.getenv().getOrDefault("VIDEOGEN_DATA_DIR", ".videogen"));
        DevStack stack;
        try {
            stack = DevStack.start(new DevStack.Options(apiPort, data, workers, allowLoopbackSources, System.getenv()),
                    out);
        } catch (DevStackException e) {
            err.println("videogen dev: " + e.getMessage());
            return 1;
        } catch (RuntimeException e) {
            err.println("videogen dev: could not start: " + DevStack.rootMessage(e));
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("stopping: letting renders in progress finish…");
            stack.drain(Duration.ofSeconds(60));
            stack.close();
            out.println("stopped");
            stopped.countDown();
        }, "dev-shutdown"));
        out.println("api: " + stack.apiUrl());
        out.println("database: " + stack.databaseUrl());
        out.println("storage: " + stack.storageUrl());
        out.println("queue: " + stack.queueUrl());
        if (workers == 0) {
            out.println("renders: off (--workers 0): jobs wait in the queue for a worker");
        }
        if (stack.requeuedJobs() > 0) {
            out.println(stack.requeuedJobs() + " unfinished job(s) from the last run queued again");
        }
        out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}
