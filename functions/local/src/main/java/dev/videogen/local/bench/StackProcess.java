package dev.videogen.local.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

    /**
     * Processor time the stack JVM's JIT compiler threads have used so far ({@code C1 CompilerThread…} and
     * {@code C2 CompilerThread…}, as HotSpot names them), read from {@code /proc}; empty where there is none to read.
     */
    Optional<Duration> compilerCpu() {
        return compilerCpu(process.pid());
    }

    /** As {@link #compilerCpu()}, for the JVM with this process id. */
    static Optional<Duration> compilerCpu(long pid) {
        Path threads = Path.of("/proc", Long.toString(pid), "task");
        if (!Files.isDirectory(threads)) {
            return Optional.empty();
        }
        long ticks = 0;
        try (DirectoryStream<Path> listing = Files.newDirectoryStream(threads)) {
            for (Path thread : listing) {
                ticks += compilerTicks(thread);
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofMillis(ticks * 1000 / USER_HZ));
    }

    /** Linux's unit for the times in {@code /proc/…/stat}: the same on every architecture it runs the JDK on. */
    private static final long USER_HZ = 100;

    /** The user and system ticks of one thread if it is a compiler thread, else 0 (also when it has just ended). */
    private static long compilerTicks(Path thread) {
        try {
            String name = Files.readString(thread.resolve("comm")).strip();
            if (!name.startsWith("C1 CompilerThre") && !name.startsWith("C2 CompilerThre")) {
                return 0;
            }
            String stat = Files.readString(thread.resolve("stat"));
            // after "pid (name) ", the 12th and 13th fields are utime and stime (fields 14 and 15 of proc(5))
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
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
