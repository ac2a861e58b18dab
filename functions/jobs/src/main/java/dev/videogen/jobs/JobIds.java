package dev.videogen.jobs;

import java.security.SecureRandom;
import java.util.regex.Pattern;

/** Public job identifiers: {@code vg_} and 20 lowercase base32 characters, 100 random bits, unguessable. */
public final class JobIds {

    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    private static final Pattern FORMAT = Pattern.compile("vg_[a-z2-7]{20}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private JobIds() {
    }

    public static String newJobId() {
        return newId("vg_");
    }

    /** {@code prefix} and 20 lowercase base32 characters (100 random bits), as job ids are made. */
    public static String newId(String prefix) {
        byte[] bytes = new byte[13];
        RANDOM.nextBytes(bytes);
        StringBuilder id = new StringBuilder(prefix);
        long buffer = 0;
        int bits = 0;
        int index = 0;
        while (id.length() < prefix.length() + 20) {
            if (bits < 5) {
                buffer = (buffer << 8) | (bytes[index++] & 0xFF);
                bits += 8;
            }
            bits -= 5;
            id.append(ALPHABET[(int) ((buffer >> bits) & 31)]);
        }
        return id.toString();
    }

    public static boolean wellFormed(String jobId) {
        return jobId != null && FORMAT.matcher(jobId).matches();
    }
}
