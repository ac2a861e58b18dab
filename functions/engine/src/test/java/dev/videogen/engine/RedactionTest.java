package dev.videogen.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

class RedactionTest {

    @Test
    void urlsLoseTheirQueryFragmentAndCredentials() {
        assertThat(Redaction.url("https://user:pw@bucket.s3.amazonaws.com/processed/v.mp4?X-Amz-Signature=abc#t"))
                .isEqualTo("https://bucket.s3.amazonaws.com/processed/v.mp4");
        assertThat(Redaction.urlsIn("GET https://h.example/a?token=s3cr3t failed; see s3://b/k?versionId=1"))
                .isEqualTo("GET https://h.example/a failed; see s3://b/k");
    }

    @Test
    void aFailureIsOneLineWithItsCausesAndWhereItBeganButNoStackTrace() {
        IOException root = new IOException("connection reset by https://store.example/o?X-Amz-Signature=deadbeef");
        RuntimeException failure = new IllegalStateException("upload failed", new UncheckedIOException(root));

        String line = Redaction.failure(failure);

        assertThat(line).startsWith("IllegalStateException: upload failed <- UncheckedIOException: ")
                .contains("<- IOException: connection reset by https://store.example/o (at ")
                .contains(RedactionTest.class.getName() + ".aFailureIsOneLineWithItsCausesAndWhereItBeganButNoStackTrace:")
                .doesNotContain("deadbeef", "X-Amz", "\n", "\tat ");
    }

    @Test
    void aCauseCycleEndsTheChain() {
        IllegalStateException first = new IllegalStateException("first");
        IllegalArgumentException second = new IllegalArgumentException("second", first);
        first.initCause(second);

        assertThat(Redaction.failure(first))
                .startsWith("IllegalStateException: first <- IllegalArgumentException: second (at ");
    }
}
