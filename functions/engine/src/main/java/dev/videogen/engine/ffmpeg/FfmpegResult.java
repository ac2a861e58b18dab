package dev.videogen.engine.ffmpeg;

import java.time.Duration;

/** How an FFmpeg process ended: its exit code, the tail of its log and how long it ran. */
public record FfmpegResult(int exitCode, String log, Duration elapsed) {

    public boolean succeeded() {
        return exitCode == 0;
    }

    /** The most telling line of the log: the last one that reads like an error, or the last line. */
    public String lastError() {
        String[] lines = log.strip().split("\\R");
        for (int i = lines.length - 1; i >= 0; i--) {
            String line = lines[i].strip();
            String lower = line.toLowerCase(java.util.Locale.ROOT);
            if (lower.contains("error") || lower.contains("invalid") || lower.contains("failed")
                    || lower.contains("no such") || lower.contains("not ") || lower.contains("unable")) {
                return line;
            }
        }
        return lines.length == 0 ? "" : lines[lines.length - 1].strip();
    }
}
