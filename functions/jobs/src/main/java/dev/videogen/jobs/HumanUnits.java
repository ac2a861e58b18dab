package dev.videogen.jobs;

import java.util.Locale;

/** The human strings of the contract: {@code "15.2MB"}, {@code "30 seconds"}, {@code "2-5 minutes"}. */
public final class HumanUnits {

    private HumanUnits() {
    }

    /**
     * Bytes in units of 1024 with one decimal, as the contract pairs them ({@code 15938355 → "15.2MB"}),
     * {@code 900 → "900B"}.
     */
    public static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + "B";
        }
        String[] units = {"KB", "MB", "GB", "TB"};
        double value = bytes;
        int unit = -1;
        // 1023.95 and up would print as "1024.0" of this unit: show it as 1.0 of the next
        while (value >= 1023.95 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f%s", value, units[unit]);
    }

    /** Seconds rounded to a whole number: {@code 30.0 → "30 seconds"}, {@code 1 → "1 second"}, {@code 18.4 → "18 seconds"}. */
    public static String seconds(double seconds) {
        long whole = Math.round(seconds);
        return whole == 1 ? "1 second" : whole + " seconds";
    }

    /** A range a person can plan around: {@code 140 → "2-5 minutes"}, {@code 20 → "under a minute"}. */
    public static String completionRange(long estimatedSeconds) {
        if (estimatedSeconds < 45) {
            return "under a minute";
        }
        if (estimatedSeconds < 90) {
            return "1-2 minutes";
        }
        if (estimatedSeconds < 300) {
            return "2-5 minutes";
        }
        if (estimatedSeconds < 600) {
            return "5-10 minutes";
        }
        if (estimatedSeconds < 1200) {
            return "10-20 minutes";
        }
        return "over 20 minutes";
    }
}
