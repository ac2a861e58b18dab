package dev.videogen.engine.ffmpeg;

import dev.videogen.engine.Cancellation;
import dev.videogen.engine.DirectoryTrees;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs one FFmpeg command: no shell, stdin closed, stdout parsed for {@code -progress} reports, stderr kept (its last
 * 64 KB) for error messages, killed on cancellation or when it runs past its wall-clock limit.
 *
 * <p>FFmpeg decodes untrusted media, so it is given nothing worth stealing should a crafted file take it over: it
 * starts with an empty environment (none of the function's AWS credentials, database URL or secrets), whose only
 * variable is {@code TMPDIR}, naming the directory of the job it works for, which is also its working directory.
 * Whatever it or its libraries write there is removed with the job.
 */
public final class FfmpegProcess {

    private static final int LOG_TAIL_CHARS = 64 * 1024;
    private static final long POLL_MILLIS = 200;

    private static final Pattern VERSION = Pattern.compile("^ffmpeg version (\\S+)");

    private final Path binary;
    private volatile String version;

    public FfmpegProcess(Path binary) {
        this.binary = binary;
    }

    public Path binary() {
        return binary;
    }

    /**
     * The version the binary reports on the first line of {@code ffmpeg -version} (for example {@code 4.4.1-static}),
     * asked once.
     *
     * @throws IllegalStateException when the binary does not answer like FFmpeg
     */
    public String version() {
        String known = version;
        if (known == null) {
            // with nothing to do FFmpeg prints only its banner, on stderr, which the log keeps
            FfmpegResult result = run(List.of("-nostdin"), Duration.ofSeconds(10));
            Matcher matcher = VERSION.matcher(result.log());
            if (!matcher.find()) {
                throw new IllegalStateException(binary + " does not report an FFmpeg version");
            }
            known = matcher.group(1);
            version = known;
        }
        return known;
    }

    /**
     * Runs FFmpeg with {@code arguments} and waits for it, without progress or cancellation, in a directory of its own
     * that is removed afterwards.
     */
    public FfmpegResult run(List<String> arguments, Duration limit) {
        Path directory;
        try {
            directory = Files.createTempDirectory("ffmpeg-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory for FFmpeg: " + e.getMessage(), e);
        }
        try {
            return run(arguments, directory, limit, Cancellation.NEVER, seconds -> { });
        } finally {
            try {
                DirectoryTrees.delete(directory);
            } catch (IOException e) {
                // a leftover temporary directory is not worth failing the command for
            }
        }
    }

    /** Runs FFmpeg with {@code arguments} in the job's {@code directory} and waits for it. */
    public FfmpegResult run(List<String> arguments, Path directory, Duration limit) {
        return run(arguments, directory, limit, Cancellation.NEVER, seconds -> { });
    }

    /**
     * Runs FFmpeg and waits for it.
     *
     * @param arguments    everything after the binary's name
     * @param directory    the job's directory: FFmpeg's working directory and its {@code TMPDIR}
     * @param limit        wall-clock limit; the process is killed when it is reached
     * @param cancellation polled while the process runs; the process is killed when it answers true
     * @param outputTime   receives the output time in seconds each time FFmpeg reports progress on stdout
     *                     (the arguments must contain {@code -progress pipe:1})
     * @throws FfmpegTimeoutException   when the limit was reached
     * @throws FfmpegCancelledException when the render was cancelled
     */
    public FfmpegResult run(List<String> arguments, Path directory, Duration limit, Cancellation cancellation,
                            DoubleConsumer outputTime) {
        List<String> command = new ArrayList<>(arguments.size() + 1);
        command.add(binary.toAbsolutePath().toString());
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(nullDevice()))
                .directory(directory.toFile());
        Map<String, String> environment = builder.environment();
        environment.clear();
        environment.put("TMPDIR", directory.toAbsolutePath().toString());
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
