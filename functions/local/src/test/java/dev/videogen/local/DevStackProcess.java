package dev.videogen.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@code videogen dev} started the way a user starts it — its main class in a JVM of its own — with its output read
 * line by line. Stopping it sends SIGTERM, like Ctrl-C.
 */
final class DevStackProcess implements AutoCloseable {

    private final Process process;
    private final List<String> output = new CopyOnWriteArrayList<>();
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Thread reader;
    private String apiUrl;

    private DevStackProcess(Process process) {
        this.process = process;
        this.reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    output.add(line);
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "dev-stack-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code videogen dev} with {@code arguments} and waits for its four "ready" lines. */
    static DevStackProcess start(Path dataDirectory, String... arguments) throws IOException, InterruptedException {
        DevStackProcess stack = launch(dataDirectory, arguments);
        stack.awaitReady(Duration.ofMinutes(3));
        return stack;
    }

    /** Starts {@code videogen dev} without waiting for it. */
    static DevStackProcess launch(Path dataDirectory, String... arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx768m", "-cp", System.getProperty("java.class.path"), VideogenCli.class.getName(),
                "dev", "--data-dir", dataDirectory.toString()));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("QUICK_RESPONSE_BUDGET_SECONDS", "20");
        return new DevStackProcess(builder.start());
    }

    private void awaitReady(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            String line = lines.poll(1, TimeUnit.SECONDS);
            if (line == null) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("videogen dev exited with " + process.exitValue() + ":\n"
                            + String.join("\n", output));
                }
                continue;
            }
            if (line.startsWith("api: ")) {
                apiUrl = line.substring("api: ".length()).trim();
            }
            if (line.startsWith("queue: ")) {
                return;
            }
        }
        throw new IllegalStateException("videogen dev was not ready in time:\n" + String.join("\n", output));
    }

    String apiUrl() {
        return apiUrl;
    }

    List<String> output() {
        return output;
    }

    /** Waits for the process to end on its own and returns its exit code. */
    int awaitExit(Duration limit) throws InterruptedException {
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("videogen dev did not exit:\n" + String.join("\n", output));
        }
        // the last lines may still be in the pipe: read to its end before anyone looks at the output
        reader.join(TimeUnit.SECONDS.toMillis(10));
        return process.exitValue();
    }

    /** SIGTERM, then waits for the drain and the exit. */
    int stop() throws InterruptedException {
        // through the handle: Process.destroy() would also close our end of the output pipe at once, losing what
        // the stack prints while it drains
        process.toHandle().destroy();
        return awaitExit(Duration.ofMinutes(2));
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(90, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
