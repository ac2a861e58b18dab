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
    /** Processor time of each FFmpeg process seen, in clock ticks (the latest reading of each). */
    private final java.util.Map<Long, Long> ffmpegTicks = new java.util.concurrent.ConcurrentHashMap<>();
    private final long jvmCpuStartNanos = jvmCpuNanos();
    private volatile long jvmCpuEndNanos = -1;

    PeakMemorySampler() {
        thread = new Thread(this::sample, "memory-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    private void sample() {
        while (running) {
            ProcessHandle.current().descendants()
                    .filter(p -> p.info().command().map(c -> c.contains("ffmpeg")).orElse(false))
                    .forEach(p -> {
                        kilobytes(p.pid(), "VmHWM").ifPresent(kb -> ffmpegPeakKb = Math.max(ffmpegPeakKb, kb));
                        ticks(p.pid()).ifPresent(t -> ffmpegTicks.merge(p.pid(), t, Math::max));
                    });
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

    /** utime + stime of a process from {@code /proc/<pid>/stat}, in clock ticks. */
    private static Optional<Long> ticks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Optional.of(Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static long jvmCpuNanos() {
        return ProcessHandle.current().info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L);
    }

    /** Processor seconds the FFmpeg processes used (sampled every 20 ms; Linux's 100 ticks a second). */
    double ffmpegCpuSeconds() {
        return ffmpegTicks.values().stream().mapToLong(Long::longValue).sum() / 100.0;
    }

    /** Processor seconds this JVM used while sampling (all its threads). */
    double jvmCpuSeconds() {
        long end = jvmCpuEndNanos >= 0 ? jvmCpuEndNanos : jvmCpuNanos();
        return (end - jvmCpuStartNanos) / 1e9;
    }

    double ffmpegPeakMegabytes() {
        return ffmpegPeakKb / 1024.0;
    }

    double jvmPeakMegabytes() {
        return jvmPeakKb / 1024.0;
    }

    @Override
    public void close() {
        if (!running) {
            return;
        }
        jvmCpuEndNanos = jvmCpuNanos();
        running = false;
        thread.interrupt();
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
