package dev.videogen.jobs.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

    private static final String SECRET = "whsec_test";
    private static final byte[] BODY = "{\"event\":\"job.completed\"}".getBytes(StandardCharsets.UTF_8);
    private static final Instant SENT = Instant.ofEpochSecond(1_700_000_000L);
    private static final Duration FIVE_MINUTES = Duration.ofMinutes(5);

    @Test
    void signatureIsTheHmacOfTimestampDotBody() {
        // printf '%s' '1700000000.{"event":"job.completed"}' | openssl dgst -sha256 -hmac whsec_test
        assertThat(WebhookSignature.header(SECRET, SENT, BODY))
                .isEqualTo("t=1700000000,v1=51be9920773f454007b9aaf2ef84578604f287a1ad8b1cf6918458c66aac6bd8");
    }

    @Test
    void genuineDeliveryVerifies() {
        String header = WebhookSignature.header(SECRET, SENT, BODY);

        assertThat(WebhookSignature.verify(SECRET, header, BODY, FIVE_MINUTES, SENT.plusSeconds(30))).isTrue();
        assertThat(WebhookSignature.verify(SECRET, WebhookSignature.header(SECRET, Instant.now(), BODY),
                new String(BODY, StandardCharsets.UTF_8), FIVE_MINUTES)).isTrue();
    }

    @Test
    void changedBodyOrOtherSecretDoesNotVerify() {
        String header = WebhookSignature.header(SECRET, SENT, BODY);
        byte[] changed = "{\"event\":\"job.failed\"}".getBytes(StandardCharsets.UTF_8);

        assertThat(WebhookSignature.verify(SECRET, header, changed, FIVE_MINUTES, SENT)).isFalse();
        assertThat(WebhookSignature.verify("whsec_other", header, BODY, FIVE_MINUTES, SENT)).isFalse();
    }

    @Test
    void timestampOutsideTheToleranceDoesNotVerify() {
        String header = WebhookSignature.header(SECRET, SENT, BODY);

        assertThat(WebhookSignature.verify(SECRET, header, BODY, FIVE_MINUTES, SENT.plusSeconds(301))).isFalse();
        assertThat(WebhookSignature.verify(SECRET, header, BODY, FIVE_MINUTES, SENT.minusSeconds(301))).isFalse();
        assertThat(WebhookSignature.verify(SECRET, header, BODY, FIVE_MINUTES, SENT.plusSeconds(300))).isTrue();
    }

    @Test
    void replayedSignatureWithAnotherTimestampDoesNotVerify() {
        String header = WebhookSignature.header(SECRET, SENT, BODY);
        String moved = header.replace("t=1700000000", "t=1700000100");

        assertThat(WebhookSignature.verify(SECRET, moved, BODY, FIVE_MINUTES, SENT.plusSeconds(100))).isFalse();
    }

    @Test
    void anyOfSeveralV1SignaturesMayMatch() {
        String genuine = WebhookSignature.header(SECRET, SENT, BODY);
        String withOld = "t=1700000000,v1=" + "00".repeat(32) + "," + genuine.substring(genuine.indexOf("v1="));

        assertThat(WebhookSignature.verify(SECRET, withOld, BODY, FIVE_MINUTES, SENT)).isTrue();
    }

    @Test
    void malformedHeadersNeverVerifyAndNeverThrow() {
        for (String header : new String[] {null, "", "t=", "t=abc,v1=00", "v1=51be99", "t=1700000000",
                "t=1700000000,v1=zz", "t=1700000000,v1=", ",,,", "t=99999999999999999999,v1=00"}) {
            assertThat(WebhookSignature.verify(SECRET, header, BODY, FIVE_MINUTES, SENT)).as(header).isFalse();
        }
        assertThat(WebhookSignature.verify("", WebhookSignature.header("x", SENT, BODY), BODY, FIVE_MINUTES, SENT))
                .isFalse();
    }
}
