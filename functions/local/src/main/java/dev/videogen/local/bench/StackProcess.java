package dev.videogen.local.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * The local stack in a JVM of its own, started as {@code videogen dev} starts it (same class path, same command), so
 * that a load generator measures it from outside: its heap, its compiler threads and its processor time are its own.
 */
final class StackProcess implements AutoCloseable {

    private static final Duration START_LIMIT = Duration.ofMinutes(3);
    private static final Duration STOP_LIMIT = Duration.ofSeconds(90);

    private final Process process;
    private final String apiUrl;
    private final List<String> output;

    private final Path data;

    private StackProcess(Process process, String apiUrl, List<String> output, Path data) {
        this.process = process;
        this.apiUrl = apiUrl;
        this.output = output;
        this.data = data;
    }

    /** Starts {@code videogen dev --port 0 --workers N} on {@code data}, with {@code environment} added. */
    static StackProcess start(Path data, int workers, Map<String, String> environment) throws IOException {
        String javaCommand = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(javaCommand, "-cp", System.getProperty("java.class.path"),
                "dev.videogen.local.VideogenCli", "dev", "--port", "0", "--workers", Integer.toString(workers),
                "--data-dir", data.toString()).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        List<String> output = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<String> api = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    output.add(line);
                    if (line.startsWith("api: ")) {
                        api.complete(line.substring("api: ".length()).trim());
                    }
                }
            } catch (IOException e) {
                api.completeExceptionally(e);
            }
            api.completeExceptionally(new IllegalStateException("the stack stopped before it served: "
                    + String.join("\n", output)));
        }, "stack-output");
        reader.setDaemon(true);
        reader.start();
        try {
            return new StackProcess(process, api.get(START_LIMIT.toSeconds(), TimeUnit.SECONDS), output, data);
        } catch (TimeoutException | InterruptedException | ExecutionException e) {
            process.destroyForcibly();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IOException("the stack did not start: " + e.getMessage() + "\n" + String.join("\n", output), e);
        }
    }

    /** The API's base URL, {@code http://127.0.0.1:PORT/v1}. */
    String apiUrl() {
        return apiUrl;
    }

    /** Processor time the stack's JVM has used so far. */
    Duration jvmCpu() {
        return cpu(process.toHandle());
    }

    /**
     * Processor time the stack's database processes alive now have used so far: its server (started detached, so
     * found by its data directory) and the server's children, one per connection.
     */
    Duration databaseCpu() {
        String dataDirectory = "-D " + data.resolve("postgres");
        return ProcessHandle.allProcesses()
                .filter(server -> server.info().commandLine().map(line -> line.contains(dataDirectory)).orElse(false))
                .flatMap(server -> Stream.concat(Stream.of(server),
                        server.descendants()))
                .map(StackProcess::cpu)
                .reduce(Duration.ZERO, Duration::plus);
    }

    static Duration cpu(ProcessHandle handle) {
        return handle.info().totalCpuDuration().orElse(Duration.ZERO);
    }

    /** Stops the stack as Ctrl-C does (renders in progress finish), or kills it when it takes too long. */
    @Override
    public void close() {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(STOP_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    @Override
    public String toString() {
        return "StackProcess[" + apiUrl + ", pid " + process.pid() + "]";
    }
}
