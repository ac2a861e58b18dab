package dev.videogen.jobs.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code X-Videogen-Signature} header: {@code t=<unix seconds>,v1=<hex HMAC-SHA256>}, the HMAC keyed with the
 * webhook secret over the bytes of {@code "<t>." + body}. Signing the timestamp with the body lets a receiver refuse
 * a captured delivery replayed later.
 *
 * <p>How a receiver checks a delivery, with the raw body bytes as received (before any JSON parsing):
 * <pre>{@code
 * boolean genuine = WebhookSignature.verify(secret, request.header("X-Videogen-Signature"), rawBody,
 *         Duration.ofMinutes(5));
 * }</pre>
 * In other languages: split the header on {@code ,}, take {@code t} and every {@code v1}, compute
 * {@code hex(hmac_sha256(secret, t + "." + body))}, compare in constant time with each {@code v1}, and refuse a
 * {@code t} further than the tolerance from the current time.
 */
public final class WebhookSignature {

    /** The header that carries the signature. */
    public static final String HEADER = "X-Videogen-Signature";

    private WebhookSignature() {
    }

    /** The header value for {@code body} sent at {@code timestamp}. */
    public static String header(String secret, Instant timestamp, byte[] body) {
        long seconds = timestamp.getEpochSecond();
        return "t=" + seconds + ",v1=" + HexFormat.of().formatHex(hmac(secret, seconds, body));
    }

    /**
     * Whether {@code header} is a valid signature of {@code body} with {@code secret}, made no further than
     * {@code tolerance} from now. Never throws for a malformed header: it is simply not valid.
     */
    public static boolean verify(String secret, String header, byte[] body, Duration tolerance) {
        return verify(secret, header, body, tolerance, Instant.now());
    }

    /** {@link #verify(String, String, byte[], Duration)} for a body received as text (UTF-8 on the wire). */
    public static boolean verify(String secret, String header, String body, Duration tolerance) {
        return verify(secret, header, body == null ? null : body.getBytes(StandardCharsets.UTF_8), tolerance);
    }

    /** {@link #verify(String, String, byte[], Duration)} as of {@code now}. */
    public static boolean verify(String secret, String header, byte[] body, Duration tolerance, Instant now) {
        if (secret == null || secret.isEmpty() || header == null || body == null) {
            return false;
        }
        Long timestamp = null;
        boolean matched = false;
        for (String part : header.split(",")) {
            String item = part.trim();
            if (item.startsWith("t=") && timestamp == null) {
                try {
                    timestamp = Long.parseLong(item.substring(2));
                } catch (NumberFormatException e) {
                    return false;
                }
            }
        }
        if (timestamp == null || Math.abs(now.getEpochSecond() - timestamp) > tolerance.toSeconds()) {
            return false;
        }
        byte[] expected = hmac(secret, timestamp, body);
        // every v1 is checked, so a sender may sign with an old and a new secret while the secret is rotated
        for (String part : header.split(",")) {
            String item = part.trim();
            if (item.startsWith("v1=")) {
                byte[] presented = parseHex(item.substring(3));
                matched |= presented != null && MessageDigest.isEqual(expected, presented);
            }
        }
        return matched;
    }

    private static byte[] hmac(String secret, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    private static byte[] parseHex(String hex) {
        try {
            return HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
