package dev.videogen.jobs.uploads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.videogen.engine.validation.FieldProblem;
import dev.videogen.engine.validation.InvalidRequestException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What an upload may declare, and the name it is stored under. */
class UploadRequestTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX = 1000;

    private static UploadRequest parse(String body) throws Exception {
        return UploadRequest.parse(JSON.readTree(body), MAX);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            clip.mp4                 | video/mp4                | clip.mp4
            Été à Paris (final).mov  | video/quicktime          | _t_Paris_final_.mov
            logo.PNG                 | IMAGE/PNG                | logo.PNG
            subs.vtt                 | text/vtt                 | subs.vtt
            ..                       | application/octet-stream | upload
            """)
    void aValidUploadKeepsASafeNameAndALowerCaseType(String filename, String type, String stored) throws Exception {
        UploadRequest request = parse("{\"filename\": \"" + filename + "\", \"content_type\": \"" + type
                + "\", \"size_bytes\": 10}");

        assertThat(request.storedName()).isEqualTo(stored);
        assertThat(request.contentType()).isEqualTo(type.toLowerCase(java.util.Locale.ROOT));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            {"content_type": "video/mp4", "size_bytes": 10}                                  | filename
            {"filename": "a/b.mp4", "content_type": "video/mp4", "size_bytes": 10}           | filename
            {"filename": "", "content_type": "video/mp4", "size_bytes": 10}                  | filename
            {"filename": "a.mp4", "content_type": "text/html", "size_bytes": 10}             | content_type
            {"filename": "a.mp4", "content_type": "video", "size_bytes": 10}                 | content_type
            {"filename": "a.mp4", "content_type": "video/mp4", "size_bytes": 0}              | size_bytes
            {"filename": "a.mp4", "content_type": "video/mp4", "size_bytes": 1001}           | size_bytes
            {"filename": "a.mp4", "content_type": "video/mp4", "size_bytes": 1.5}            | size_bytes
            {"filename": "a.mp4", "content_type": "video/mp4"}                               | size_bytes
            {"filename": "a.mp4", "content_type": "video/mp4", "size_bytes": 1, "acl": "x"}  | acl
            """)
    void aBadUploadNamesTheField(String body, String field) {
        assertThatThrownBy(() -> parse(body)).isInstanceOfSatisfying(InvalidRequestException.class,
                e -> assertThat(e.problems()).extracting(FieldProblem::field).contains(field));
    }
}
