package dev.videogen.jobs.sources;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.videogen.engine.validation.FieldProblem;
import dev.videogen.engine.validation.RequestParser;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A caption's subtitle file and a text's font_url are screened like media sources, each named by its field. */
class SourceScreenTextSourcesTest {

    private final SourceScreen screen = new SourceScreen(NetworkPolicy.publicInternetOnly(), "videogen-test");

    private List<FieldProblem> problems(String elements) throws Exception {
        return screen.problems(RequestParser.forApi().parse(new ObjectMapper().readTree(
                "{\"width\":64,\"height\":64,\"duration\":1,\"elements\":[" + elements + "]}")), null);
    }

    @Test
    void internalAddressesAndOtherBucketsAreRefusedForSubtitleFilesAndFonts() throws Exception {
        List<FieldProblem> problems = problems("""
                {"type": "caption", "source": "http://127.0.0.1/subs.srt"},
                {"type": "text", "text": "a", "font_url": "http://169.254.169.254/latest/font.ttf"},
                {"type": "caption", "source": "s3://someone-else/subs.vtt", "font_url": "s3://videogen-test/a/../b.ttf"}
                """);
        assertThat(problems).extracting(FieldProblem::field).containsExactly("elements[0].source",
                "elements[1].font_url", "elements[2].source", "elements[2].font_url");
    }

    @Test
    void sourcesOfTheServicesOwnBucketPass() throws Exception {
        assertThat(problems("""
                {"type": "caption", "source": "s3://videogen-test/inputs/subs.srt",
                 "font_url": "s3://videogen-test/inputs/font.otf"}""")).isEmpty();
    }
}
