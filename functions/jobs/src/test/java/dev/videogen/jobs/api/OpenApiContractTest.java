package dev.videogen.jobs.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The contract check can fail: answers the document does not describe are reported, field by field, and the
 * answers it does describe pass, each matching exactly one branch where the document offers several.
 */
class OpenApiContractTest {

    private static final OpenApiContract CONTRACT = OpenApiContract.served();
    private static final String JSON = "application/json; charset=utf-8";

    private static List<String> violations(String method, String path, int status, String body) {
        return CONTRACT.violations(method, path, status, JSON, body);
    }

    @Test
    void aDryRunReportMatchesExactlyOneBranchOfTheCreateAnswer() {
        String report = """
                {"status":"valid","estimated_seconds":3,"response_type":"immediate","duration_seconds":2.0,
                 "sources":[{"id":"main","duration":2.0,"width":320,"height":180,"size_bytes":1234,"format":"mp4"},
                            {"id":"logo","duration":null,"width":64,"height":64,"size_bytes":99,"format":"png"}]}""";

        assertThat(violations("POST", "/v1/videocreate?dry_run=true", 200, report)).isEmpty();
    }

    @Test
    void aFinishedInlineRenderMatchesExactlyOneBranchOfTheCreateAnswer() {
        String completed = """
                {"status":"completed","job_id":"vg_abcdefghijklmnopqrst","result_url":"https://cdn.example.com/v.mp4",
                 "file_size":"1.0KB","file_size_bytes":1024,"duration":"2 seconds","duration_seconds":2.0,
                 "processing_time":"1 second","processing_time_seconds":0.8,"width":320,"height":180,
                 "output_format":"mp4","message":"Video processed successfully","metadata":{"order":7}}""";

        assertThat(violations("POST", "/v1/videocreate", 200, completed)).isEmpty();
    }

    @Test
    void aFieldTheDocumentDoesNotListIsReportedByName() {
        String report = """
                {"status":"valid","estimated_seconds":3,"response_type":"immediate","duration_seconds":2.0,
                 "sources":[],"surprise":1}""";

        assertThat(violations("POST", "/v1/videocreate", 200, report)).isNotEmpty()
                .anySatisfy(problem -> assertThat(problem).contains("surprise"));
    }

    @Test
    void aWrongTypeIsReportedWithItsLocation() {
        String status = """
                {"status":"processing","job_id":"vg_abcdefghijklmnopqrst","progress":"5%","progress_percentage":"5",
                 "current_step":"encoding","message":"Video processing in progress","estimated_time_remaining_seconds":3}""";

        assertThat(violations("GET", "/v1/videoresult/vg_abcdefghijklmnopqrst", 200, status))
                .anySatisfy(problem -> assertThat(problem).contains("progress_percentage"));
    }

    @Test
    void anUndocumentedStatusOrMediaTypeOrRouteIsReported() {
        String error = "{\"error\":\"X\",\"message\":\"y\"}";

        assertThat(violations("GET", "/v1/videoresult/vg_abcdefghijklmnopqrst", 418, error))
                .anySatisfy(problem -> assertThat(problem).contains("status 418 is not documented"));
        assertThat(CONTRACT.violations("GET", "/v1/health", 200, "text/html", "<p>ok</p>"))
                .anySatisfy(problem -> assertThat(problem).contains("media type 'text/html'"));
        assertThat(violations("GET", "/v1/elsewhere", 200, error))
                .anySatisfy(problem -> assertThat(problem).contains("no route GET /v1/elsewhere"));
    }

    @Test
    void anUnknownRouteMustStillAnswerTheDocumentedErrorShape() {
        assertThat(violations("GET", "/v1/elsewhere", 404, "{\"error\":\"NOT_FOUND\",\"message\":\"no route\"}"))
                .isEmpty();
        assertThat(violations("GET", "/v1/elsewhere", 404, "{\"oops\":true}")).isNotEmpty();
    }
}
