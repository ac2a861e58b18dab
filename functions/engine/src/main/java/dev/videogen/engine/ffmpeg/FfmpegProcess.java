package dev.videogen.engine.ffmpeg;

import dev.videogen.engine.Cancellation;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleConsumer;

/**
 * Runs one FFmpeg command: no shell, stdin closed, stdout parsed for {@code -progress} reports, stderr kept (its last
 * 64 KB) for error messages, killed on cancellation or when it runs past its wall-clock limit.
 */
public final class FfmpegProcess {

    private static final int LOG_TAIL_CHARS = 64 * 1024;
    private static final long POLL_MILLIS = 200;

    private final Path binary;

    public FfmpegProcess(Path binary) {
        this.binary = binary;
    }

    public Path binary() {
        return binary;
    }

    /** Runs FFmpeg with {@code arguments} and waits for it, without progress or cancellation. */
    public FfmpegResult run(List<String> arguments, Duration limit) {
        return run(arguments, limit, Cancellation.NEVER, seconds -> { });
    }

    /**
     * Runs FFmpeg and waits for it.
     *
     * @param arguments    everything after the binary's name
     * @param limit        wall-clock limit; the process is killed when it is reached
     * @param cancellation polled while the process runs; the process is killed when it answers true
     * @param outputTime   receives the output time in seconds each time FFmpeg reports progress on stdout
     *                     (the arguments must contain {@code -progress pipe:1})
     * @throws FfmpegTimeoutException   when the limit was reached
     * @throws FfmpegCancelledException when the render was cancelled
     */
    public FfmpegResult run(List<String> arguments, Duration limit, Cancellation cancellation, DoubleConsumer outputTime) {
        List<String> command = new ArrayList<>(arguments.size() + 1);
        command.add(binary.toString());
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
        long started = System.nanoTime();
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start FFmpeg at " + binary + ": " + e.getMessage(), e);
        }
        LogTail log = new LogTail();
        Thread stderr = daemon("ffmpeg-stderr", () -> log.drain(process.getErrorStream()));
        Thread stdout = daemon("ffmpeg-progress", () -> readProgress(process.getInputStream(), outputTime));
        try {
            long deadline = started + limit.toNanos();
            while (true) {
                if (process.waitFor(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                    break;
                }
                if (cancellation.cancelled()) {
                    kill(process);
                    throw new FfmpegCancelledException();
                }
                if (System.nanoTime() > deadline) {
                    kill(process);
                    throw new FfmpegTimeoutException(limit);
                }
            }
            join(stdout);
            join(stderr);
            return new FfmpegResult(process.exitValue(), log.text(), Duration.ofNanos(System.nanoTime() - started));
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            throw new FfmpegCancelledException();
        } finally {
            if (process.isAlive()) {
                kill(process);
            }
        }
    }

    private static Thread daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void readProgress(InputStream stream, DoubleConsumer outputTime) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.startsWith("out_time_us=") || line.startsWith("out_time_ms=")) {
                    String value = line.substring(line.indexOf('=') + 1).strip();
                    try {
                        long micros = Long.parseLong(value);
                        if (micros >= 0) {
                            outputTime.accept(micros / 1_000_000.0);
                        }
                    } catch (NumberFormatException ignored) {
                        // "N/A" before the first frame is written
                    }
                }
            }
        } catch (IOException ignored) {
            // the process was killed; nothing more to read
        }
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void join(Thread thread) throws InterruptedException {
        thread.join(TimeUnit.SECONDS.toMillis(5));
    }

    private static java.io.File nullDevice() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    /** The last {@value #LOG_TAIL_CHARS} characters FFmpeg wrote to stderr. */
    private static final class LogTail {
        private final StringBuilder text = new StringBuilder();

        void drain(InputStream stream) {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    synchronized (text) {
                        text.append(line).append('\n');
                        if (text.length() > LOG_TAIL_CHARS * 2) {
                            text.delete(0, text.length() - LOG_TAIL_CHARS);
                        }
                    }
                }
            } catch (IOException ignored) {
                // the process was killed; keep what was read
            }
        }

        String text() {
            synchronized (text) {
                return text.length() > LOG_TAIL_CHARS ? text.substring(text.length() - LOG_TAIL_CHARS) : text.toString();
            }
        }
    }
}
