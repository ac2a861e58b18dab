package dev.videogen.local.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Samples, every few milliseconds, the peak resident memory ({@code VmHWM} in {@code /proc/<pid>/status}) of the
 * FFmpeg processes this JVM starts, and this JVM's own resident memory. Linux only; elsewhere the figures stay 0.
 */
final class PeakMemorySampler implements AutoCloseable {

    private final Thread thread;
    private volatile boolean running = true;
    private volatile long ffmpegPeakKb;
    private volatile long jvmPeakKb;

    PeakMemorySampler() {
        thread = new Thread(this::sample, "memory-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    private void sample() {
        while (running) {
            ProcessHandle.current().descendants()
                    .filter(p -> p.info().command().map(c -> c.contains("ffmpeg")).orElse(false))
                    .forEach(p -> kilobytes(p.pid(), "VmHWM").ifPresent(kb -> ffmpegPeakKb = Math.max(ffmpegPeakKb, kb)));
            kilobytes(ProcessHandle.current().pid(), "VmRSS").ifPresent(kb -> jvmPeakKb = Math.max(jvmPeakKb, kb));
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static Optional<Long> kilobytes(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(field + ":")) {
                    return Optional.of(Long.parseLong(line.replaceAll("[^0-9]", "")));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // the process ended between listing and reading, or this is not Linux
        }
        return Optional.empty();
    }

    double ffmpegPeakMegabytes() {
        return ffmpegPeakKb / 1024.0;
    }

    double jvmPeakMegabytes() {
        return jvmPeakKb / 1024.0;
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
