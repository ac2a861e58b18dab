package dev.videogen.engine.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.videogen.engine.model.CompositionRequest;
import dev.videogen.engine.model.Element;
import dev.videogen.engine.model.ElementType;
import dev.videogen.engine.model.FitMode;
import dev.videogen.engine.model.Length;
import dev.videogen.engine.model.OutputFormat;
import dev.videogen.engine.model.ResponseType;
import dev.videogen.engine.model.Rgba;
import dev.videogen.engine.model.TextAlign;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RequestParserTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RequestParser API = RequestParser.forApi();

    private static CompositionRequest parse(String json) throws Exception {
        return API.parse(JSON.readTree(json));
    }

    private static List<FieldProblem> problems(String json) {
        try {
            API.parse(JSON.readTree(json));
        } catch (InvalidRequestException e) {
            return e.problems();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("expected the request to be refused: " + json);
    }

    private static final String VIDEO = "{\"type\":\"video\",\"source\":\"https://media.example.com/a.mp4\"}";

    private static String with(String rootFields, String element) {
        return "{\"width\":720,\"height\":1280," + rootFields + (rootFields.isEmpty() ? "" : ",")
                + "\"elements\":[" + element + "]}";
    }

    @Test
    void everyDefaultOfTheContractIsApplied() throws Exception {
        CompositionRequest request = parse(with("", VIDEO));
        assertThat(request.outputFormat()).isEqualTo(OutputFormat.MP4);
        assertThat(request.fps()).isEqualTo(30);
        assertThat(request.duration()).isEmpty();
        assertThat(request.backgroundColor()).isEqualTo(Rgba.BLACK);
        assertThat(request.responseType()).isEqualTo(ResponseType.AUTO);
        assertThat(request.callbackUrl()).isNull();
        Element element = request.elements().get(0);
        assertThat(element.id()).isEqualTo("el_0");
        assertThat(element.track()).isEqualTo(1);
        assertThat(element.time()).isZero();
        assertThat(element.duration()).isEmpty();
        assertThat(element.trimStart()).isZero();
        assertThat(element.trimEnd()).isEmpty();
        assertThat(element.x()).isEqualTo(Length.percent(0));
        assertThat(element.width()).isEqualTo(Length.percent(100));
        assertThat(element.fitMode()).isEqualTo(FitMode.AUTO);
        assertThat(element.opacity()).isEqualTo(1);
        assertThat(element.volume()).isEqualTo(1);
        assertThat(element.loop()).isFalse();
        assertThat(element.fontSize()).isEqualTo(Length.percent(5));
        assertThat(element.color()).isEqualTo(Rgba.WHITE);
        assertThat(element.backgroundColor().alpha()).isZero();
        assertThat(element.textAlign()).isEqualTo(TextAlign.CENTER);
    }

    @Test
    void aFullyWrittenRequestIsReadFaithfully() throws Exception {
        CompositionRequest request = parse("""
                {"output_format":"webm","width":1920,"height":1080,"fps":25,"duration":12.5,
                 "background_color":"#102030","response_type":"async","callback_url":"https://hooks.example.com/v",
                 "metadata":{"order":42},
                 "elements":[{"id":"title","type":"text","text":"Hi","track":7,"time":1.5,"duration":3,
                   "x":"5%","y":40,"width":"90%","height":200,"fit_mode":"contain","opacity":0.5,
                   "font_size":64,"color":"#FF000080","background_color":"#00000040","text_align":"left"}]}""");
        assertThat(request.outputFormat()).isEqualTo(OutputFormat.WEBM);
        assertThat(request.duration()).hasValue(12.5);
        assertThat(request.metadata().get("order").asInt()).isEqualTo(42);
        Element title = request.elements().get(0);
        assertThat(title.id()).isEqualTo("title");
        assertThat(title.type()).isEqualTo(ElementType.TEXT);
        assertThat(title.y()).isEqualTo(Length.pixels(40));
        assertThat(title.color()).isEqualTo(new Rgba(255, 0, 0, 128));
        assertThat(title.fontSize()).isEqualTo(Length.pixels(64));
        assertThat(title.textAlign()).isEqualTo(TextAlign.LEFT);
    }

    static Stream<Arguments> badRequests() {
        return Stream.of(
                Arguments.of("not an object", "[]", "body"),
                Arguments.of("width missing", "{\"height\":720,\"elements\":[" + VIDEO + "]}", "width"),
                Arguments.of("width too large", "{\"width\":8000,\"height\":720,\"elements\":[" + VIDEO + "]}", "width"),
                Arguments.of("width fractional", "{\"width\":720.5,\"height\":720,\"elements\":[" + VIDEO + "]}", "width"),
                Arguments.of("width as text", "{\"width\":\"720\",\"height\":720,\"elements\":[" + VIDEO + "]}", "width"),
                Arguments.of("height too small", "{\"width\":720,\"height\":8,\"elements\":[" + VIDEO + "]}", "height"),
                Arguments.of("odd width for mp4", "{\"width\":721,\"height\":720,\"elements\":[" + VIDEO + "]}", "width"),
                Arguments.of("odd height for webm", with("\"output_format\":\"webm\",\"height\":721", VIDEO)
                        .replace("\"height\":1280,", ""), "height"),
                Arguments.of("unknown format", with("\"output_format\":\"avi\"", VIDEO), "output_format"),
                Arguments.of("fps too high", with("\"fps\":120", VIDEO), "fps"),
                Arguments.of("negative duration", with("\"duration\":-1", VIDEO), "duration"),
                Arguments.of("duration as word", with("\"duration\":\"long\"", VIDEO), "duration"),
                Arguments.of("bad background", with("\"background_color\":\"black\"", VIDEO), "background_color"),
                Arguments.of("background with alpha", with("\"background_color\":\"#00000080\"", VIDEO), "background_color"),
                Arguments.of("bad response type", with("\"response_type\":\"later\"", VIDEO), "response_type"),
                Arguments.of("http callback", with("\"callback_url\":\"http://hooks.example.com\"", VIDEO), "callback_url"),
                Arguments.of("metadata not object", with("\"metadata\":[1]", VIDEO), "metadata"),
                Arguments.of("metadata too big", with("\"metadata\":{\"k\":\"" + "x".repeat(17000) + "\"}", VIDEO), "metadata"),
                Arguments.of("unknown root field", with("\"widht\":5", VIDEO), "widht"),
                Arguments.of("elements missing", "{\"width\":720,\"height\":720}", "elements"),
                Arguments.of("elements empty", "{\"width\":720,\"height\":720,\"elements\":[]}", "elements"),
                Arguments.of("elements not array", "{\"width\":720,\"height\":720,\"elements\":{}}", "elements"),
                Arguments.of("element not object", with("", "5"), "elements[0]"),
                Arguments.of("type missing", with("", "{\"source\":\"https://a.example/x.mp4\"}"), "elements[0].type"),
                Arguments.of("type unknown", with("", "{\"type\":\"sticker\",\"source\":\"https://a.example/x\"}"), "elements[0].type"),
                Arguments.of("source missing", with("", "{\"type\":\"video\"}"), "elements[0].source"),
                Arguments.of("source ftp", with("", "{\"type\":\"video\",\"source\":\"ftp://a.example/x.mp4\"}"), "elements[0].source"),
                Arguments.of("source file", with("", "{\"type\":\"video\",\"source\":\"file:///etc/passwd\"}"), "elements[0].source"),
                Arguments.of("source local path", with("", "{\"type\":\"video\",\"source\":\"/etc/passwd\"}"), "elements[0].source"),
                Arguments.of("source with credentials", with("", "{\"type\":\"video\",\"source\":\"https://u:p@a.example/x\"}"), "elements[0].source"),
                Arguments.of("bad s3 uri", with("", "{\"type\":\"video\",\"source\":\"s3://Bucket\"}"), "elements[0].source"),
                Arguments.of("text missing", with("\"duration\":1", "{\"type\":\"text\"}"), "elements[0].text"),
                Arguments.of("text too long", with("\"duration\":1", "{\"type\":\"text\",\"text\":\"" + "a".repeat(2001) + "\"}"), "elements[0].text"),
                Arguments.of("text on video", with("", "{\"type\":\"video\",\"source\":\"https://a.example/x.mp4\",\"text\":\"hi\"}"), "elements[0].text"),
                Arguments.of("source on text", with("\"duration\":1", "{\"type\":\"text\",\"text\":\"a\",\"source\":\"https://a.example/x\"}"), "elements[0].source"),
                Arguments.of("negative track", with("", "{\"type\":\"video\",\"source\":\"https://a.example/x.mp4\",\"track\":-1}"), "elements[0].track"),
                Arguments.of("negative time", with("", "{\"type\":\"video\",\"source\":\"https://a.example/x.mp4\",\"time\":-2}"), "elements[0].time"),
                Arguments.of("zero duration", with("", "{\"type\":\"video\",\"source\":\"https://a.example/x.mp4\",\"duration\":0}"), "elements[0].duration"),
                Arguments.of("duration mode unknown", with("", "{\"type\":\"video\",\"source\":\"https://a.example/x.mp4\",\"duration_mode\":\"fixed\"}"), "elements[0].duration_mode"),
                Arguments.of("duration mode contradicts", with("", "{\"type\":\"video\",\"source\":\"https://a.example/x.mp4\",\"duration\":2,\"duration_mode\":\"auto\"}"), "elements[0].duration_mode"),
                Arguments.of("duration under a millisecond", with("", "{\"type\":\"video\",\"source\":\"https://a.example/x.mp4\",\"duration\":0.0001}"), "elements[0].duration"),
                Arguments.of("trims under a millisecond apart", with("", "{\"type\":\"video\",\"source\":\"https://a.example/x.mp4\",\"trim_start\":1.0001,\"trim_end\":1.0004}"), "elements[0].trim_end"),
                Arguments.of("trim end before start", with("", "{\"type\":\"video\",\"source\":\"https://a.example/x.mp4\",\"trim_start\":5,\"trim_end\":2}"), "elements[0].trim_end"),
                Arguments.of("trim on image", with("\"duration\":1", "{\"type\":\"image\",\"source\":\"https://a.example/x.png\",\"trim_start\":1}"), "elements[0].trim_start"),
                Arguments.of("bad width unit", with("", "{\"type\":\"video\",\"source\":\"https://a.example/x.mp4\",\"width\":\"25px\"}"), "elements[0].width"),
                Arguments.of("zero width", with("", "{\"type\":\"video\",\"source\":\"https://a.example/x.mp4\",\"width\":\"0%\"}"), "elements[0].width"),
                Arguments.of("fractional pixel x", with("", "{\"type\":\"video\",\"source\":\"https://a.example/x.mp4\",\"x\":1.5}"), "elements[0].x"),
                Arguments.of("huge percent", with("", "{\"type\":\"video\",\"source\":\"https://a.example/x.mp4\",\"height\":\"5000%\"}"), "elements[0].height"),
                Arguments.of("x on audio", with("", "{\"type\":\"audio\",\"source\":\"https://a.example/x.mp3\",\"x\":\"5%\"}"), "elements[0].x"),
                Arguments.of("bad fit mode", with("", "{\"type\":\"video\",\"source\":\"https://a.example/x.mp4\",\"fit_mode\":\"zoom\"}"), "elements[0].fit_mode"),
                Arguments.of("opacity above one", with("", "{\"type\":\"video\",\"source\":\"https://a.example/x.mp4\",\"opacity\":1.5}"), "elements[0].opacity"),
                Arguments.of("volume above four", with("", "{\"type\":\"video\",\"source\":\"https://a.example/x.mp4\",\"volume\":5}"), "elements[0].volume"),
                Arguments.of("volume on image", with("\"duration\":1", "{\"type\":\"image\",\"source\":\"https://a.example/x.png\",\"volume\":1}"), "elements[0].volume"),
                Arguments.of("loop as string", with("", "{\"type\":\"video\",\"source\":\"https://a.example/x.mp4\",\"loop\":\"yes\"}"), "elements[0].loop"),
                Arguments.of("font size zero", with("\"duration\":1", "{\"type\":\"text\",\"text\":\"a\",\"font_size\":0}"), "elements[0].font_size"),
                Arguments.of("unknown font", with("\"duration\":1", "{\"type\":\"text\",\"text\":\"a\",\"font_family\":\"Comic Sans\"}"), "elements[0].font_family"),
                Arguments.of("bad colour", with("\"duration\":1", "{\"type\":\"text\",\"text\":\"a\",\"color\":\"red\"}"), "elements[0].color"),
                Arguments.of("bad alignment", with("\"duration\":1", "{\"type\":\"text\",\"text\":\"a\",\"text_align\":\"justify\"}"), "elements[0].text_align"),
                Arguments.of("bad id", with("", "{\"id\":\"has space\",\"type\":\"video\",\"source\":\"https://a.example/x.mp4\"}"), "elements[0].id"),
                Arguments.of("unknown element field", with("", "{\"type\":\"video\",\"source\":\"https://a.example/x.mp4\",\"scale\":2}"), "elements[0].scale"),
                Arguments.of("length unknowable", "{\"width\":720,\"height\":720,\"elements\":[{\"type\":\"text\",\"text\":\"a\"}]}", "duration"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void badRequestIsRefusedNamingTheField(String description, String json, String field) {
        assertThat(problems(json)).extracting(FieldProblem::field).containsExactly(field);
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        List<FieldProblem> problems = problems("""
                {"width": 8000, "height": 721, "fps": 0, "elements": [
                  {"type": "video", "source": "https://a.example/x.mp4", "width": "25px"},
                  {"type": "image"},
                  {"type": "video", "source": "https://a.example/y.mp4", "id": "el_0"}]}""");
        assertThat(problems).extracting(FieldProblem::field).containsExactly(
                "width", "height", "fps", "elements[0].width", "elements[1].source", "elements[2].id");
        assertThat(problems.get(3).message()).isEqualTo("must be a percentage like \"25%\" or a whole number of pixels");
    }

    @Test
    void theExceptionMessageSummarisesTheCount() {
        assertThatThrownBy(() -> parse("{\"width\":1,\"height\":1,\"elements\":[]}"))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("3 problems in the request");
    }

    @Test
    void theCommandLineMayReadLocalFiles() throws Exception {
        RequestParser cli = new RequestParser(RequestParser.SourcePolicy.REMOTE_AND_LOCAL_FILES);
        CompositionRequest request = cli.parse(JSON.readTree(
                "{\"width\":64,\"height\":64,\"elements\":[{\"type\":\"video\",\"source\":\"media/clip.mp4\"}]}"));
        assertThat(request.elements().get(0).source()).isEqualTo("media/clip.mp4");
    }

    @Test
    void aStillTakesItsSnapshotTimeAndOddDimensions() throws Exception {
        CompositionRequest png = parse("{\"width\":721,\"height\":1281,\"output_format\":\"png\","
                + "\"snapshot_time\":2.5,\"elements\":[" + VIDEO + "]}");
        assertThat(png.outputFormat()).isEqualTo(OutputFormat.PNG);
        assertThat(png.stillTime()).isEqualTo(2.5);
        CompositionRequest jpg = parse(with("\"output_format\":\"jpg\"", VIDEO));
        assertThat(jpg.outputFormat()).isEqualTo(OutputFormat.JPG);
        assertThat(jpg.snapshotTime()).hasValue(0);
        assertThat(parse(with("", VIDEO)).snapshotTime()).isEmpty();
    }

    static Stream<Arguments> refusedSnapshotTimes() {
        return Stream.of(
                Arguments.of("on mp4", with("\"snapshot_time\":1", VIDEO)),
                Arguments.of("on webm", with("\"output_format\":\"webm\",\"snapshot_time\":0", VIDEO)),
                Arguments.of("on gif", with("\"output_format\":\"gif\",\"snapshot_time\":0", VIDEO)),
                Arguments.of("negative", with("\"output_format\":\"png\",\"snapshot_time\":-0.1", VIDEO)),
                Arguments.of("text", with("\"output_format\":\"jpg\",\"snapshot_time\":\"1s\"", VIDEO)),
                Arguments.of("at the end", with("\"output_format\":\"png\",\"duration\":3,\"snapshot_time\":3", VIDEO)),
                Arguments.of("past the end", with("\"output_format\":\"jpg\",\"duration\":3,\"snapshot_time\":7", VIDEO)));
    }

    @ParameterizedTest(name = "snapshot_time {0}")
    @MethodSource("refusedSnapshotTimes")
    void aSnapshotTimeOutsideAStillIsRefusedNamingIt(String name, String json) {
        assertThat(problems(json)).extracting(FieldProblem::field).containsExactly("snapshot_time");
    }

    @Test
    void aVideoTakesAThumbnailWithItsDefaults() throws Exception {
        CompositionRequest request = parse(with("\"duration\":5,\"thumbnail\":{\"time\":2.5,\"width\":360}", VIDEO));
        assertThat(request.thumbnail()).hasValueSatisfying(t -> {
            assertThat(t.time()).isEqualTo(2.5);
            assertThat(t.width()).isEqualTo(360);
            assertThat(t.height(720, 1280)).isEqualTo(640);
        });
        CompositionRequest defaults = parse(with("\"output_format\":\"webm\",\"thumbnail\":{}", VIDEO));
        assertThat(defaults.thumbnail()).hasValueSatisfying(t -> {
            assertThat(t.time()).isZero();
            assertThat(t.width()).isEqualTo(720);
        });
        assertThat(parse(with("", VIDEO)).thumbnail()).isEmpty();
    }

    static Stream<Arguments> refusedThumbnails() {
        return Stream.of(
                Arguments.of("thumbnail", "on png", with("\"output_format\":\"png\",\"thumbnail\":{}", VIDEO)),
                Arguments.of("thumbnail", "on jpg", with("\"output_format\":\"jpg\",\"thumbnail\":{\"time\":0}", VIDEO)),
                Arguments.of("thumbnail", "not an object", with("\"thumbnail\":true", VIDEO)),
                Arguments.of("thumbnail.time", "negative", with("\"thumbnail\":{\"time\":-1}", VIDEO)),
                Arguments.of("thumbnail.time", "past the end", with("\"duration\":3,\"thumbnail\":{\"time\":3}", VIDEO)),
                Arguments.of("thumbnail.time", "text", with("\"thumbnail\":{\"time\":\"1s\"}", VIDEO)),
                Arguments.of("thumbnail.width", "wider than the video", with("\"thumbnail\":{\"width\":721}", VIDEO)),
                Arguments.of("thumbnail.width", "too narrow", with("\"thumbnail\":{\"width\":8}", VIDEO)),
                Arguments.of("thumbnail.width", "fractional", with("\"thumbnail\":{\"width\":100.5}", VIDEO)),
                Arguments.of("thumbnail.height", "an unknown field", with("\"thumbnail\":{\"height\":100}", VIDEO)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("refusedThumbnails")
    void aThumbnailOutsideItsRulesIsRefusedNamingTheField(String field, String name, String json) {
        assertThat(problems(json)).extracting(FieldProblem::field).containsExactly(field);
    }
}
