package dev.videogen.aws.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The byte cap of downloads, counted on the stream rather than taken from Content-Length. */
class BoundedCopyTest {

    @ParameterizedTest(name = "{0} bytes, cap {1} -> {2} copied")
    @CsvSource({
        "0,       100,    0",
        "99,      100,    99",
        "100,     100,    100",
        "101,     100,    101",
        "200000,  100,    101",
        "200000,  0,      1",
        "70000,   65536,  65537",
        "70000,   70000,  70000",
    })
    void copiesEverythingUpToTheCapAndOneByteBeyondIt(int available, long cap, long expected) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        long copied = S3ObjectStore.copyAtMost(new ByteArrayInputStream(new byte[available]), out, cap);

        assertThat(copied).isEqualTo(expected);
        assertThat(out.size()).isEqualTo((int) expected);
    }

    @Test
    void readFailureIsToldApartFromAWriteFailure() {
        InputStream broken = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("Connection reset");
            }
        };

        assertThatThrownBy(() -> S3ObjectStore.copyAtMost(broken, new ByteArrayOutputStream(), 10))
                .isInstanceOf(S3ObjectStore.StreamReadException.class)
                .hasMessage("Connection reset");
    }
}
