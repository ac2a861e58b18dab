package dev.videogen.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.videogen.jobs.api.OpenApiContract;
import dev.videogen.jobs.sources.NetworkPolicy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bad-input suite: several hundred generated malformed and hostile requests sent over HTTP to the local stack
 * running the production source rules (loopback refused), plus the playlist-sniffing path on a second stack that
 * allows loopback sources. Every request must be answered with a 4xx that says what is wrong (a 400 names the field);
 * none may get a 5xx. A request refused while it is validated writes no row; one whose problem only shows when its
 * source is fetched ({@code response_type: immediate}) leaves exactly one job, failed with the right code.
 */
class BadInputSuiteTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MARKER = "__raw_value__";
    private static final String REMOTE_VIDEO = "https://media.example.com/clip.mp4";

    @TempDir
    static Path directory;
    static DevStack production;
    static DevStack loopbackAllowed;
    static HostileSourceServer hostile;
    static CrossOwnerProbes owners;
    static final Figures figures = new Figures();

    /** Where a request's problem is found. */
    enum Stage {
        /** Refused before a job exists: no row may be written. */
        VALIDATION,
        /** Refused when its source is fetched: one job, ended failed with the expected code. */
        FETCH,
        /** Hostile-looking but valid: rendered literally, 200. */
        RENDERED
    }

    /**
     * One request and what must come back.
     *
     * @param field the field a 400 must name, or null when any named field will do (404, 405, 409, 413, 415 name
     *              theirs in {@code field})
     * @param error the {@code error} code of the answer (and of the job, for {@link Stage#FETCH})
     */
    record Probe(String name, DevStack stack, String method, String path, Map<String, String> headers, byte[] body,
                 Stage stage, int status, String field, String error) {
    }

    @BeforeAll
    static void start() throws IOException {
        long starting = System.nanoTime();
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        production = DevStack.start(new DevStack.Options(0, directory.resolve("production"), 1, false, Map.of()),
                quiet);
        loopbackAllowed = DevStack.start(new DevStack.Options(0, directory.resolve("loopback"), 1, true, Map.of()),
                quiet);
        hostile = new HostileSourceServer();
        owners = CrossOwnerProbes.start(directory);
        figures.stackSeconds = (System.nanoTime() - starting) / 1e9;
    }

    @AfterAll
    static void stop() {
        System.out.println(figures.line());
        if (owners != null) {
            System.out.println(owners.line());
            owners.close();
        }
        if (hostile != null) {
            hostile.close();
        }
        if (loopbackAllowed != null) {
            loopbackAllowed.close();
        }
        if (production != null) {
            production.close();
        }
    }

    @TestFactory
    Stream<DynamicTest> everyHostileRequestGetsAFourHundredNamingTheProblemAndWritesNoRow() throws Exception {
        List<Probe> probes = new ArrayList<>();
        wrongTypes(probes);
        outOfRangeNumbers(probes);
        invalidNumberLiterals(probes);
        badStrings(probes);
        missingAndInapplicableFields(probes);
        stillsAndThumbnails(probes);
        unknownFields(probes);
        arrays(probes);
        malformedBodies(probes);
        invalidUtf8(probes);
        deepNesting(probes);
        duplicateKeys(probes);
        oversizedBodies(probes);
        badIdempotencyKeys(probes);
        hostileRoutes(probes);
        nonHttpSources(probes);
        ssrfTargets(probes);
        playlistsAndRedirects(probes);
        hostileButValidText(probes);
        figures.started = System.nanoTime();
        return probes.stream().map(probe -> DynamicTest.dynamicTest(probe.name(), () -> check(probe)));
    }

    /** Another owner's uploads, results, jobs, figures and idempotency keys, tried with a valid key of one's own. */
    @TestFactory
    Stream<DynamicTest> noOwnerReachesAnotherOwnersUploadsResultsJobsOrFigures() {
        return owners.attempts().stream().map(attempt -> DynamicTest.dynamicTest(attempt.name(),
                () -> owners.check(attempt)));
    }

    // ---- the generators -------------------------------------------------------------------------------------

    /** The fields of the request, the element type each is tested on, and what kind of value it takes. */
    private enum Kind { INT, NUMBER, DURATION, POSITION, SIZE, FONT_SIZE, BOOLEAN, STRING, OBJECT, ARRAY }

    private record Field(String name, String elementType, Kind kind, double min, double max) {
        String path() {
            return elementType == null ? name : "elements[0]." + name;
        }
    }

    private static final List<Field> FIELDS = List.of(
            new Field("output_format", null, Kind.STRING, 0, 0),
            new Field("width", null, Kind.INT, 16, 7680),
            new Field("height", null, Kind.INT, 16, 4320),
            new Field("fps", null, Kind.NUMBER, 1, 60),
            new Field("duration", null, Kind.DURATION, 0, 900),
            new Field("background_color", null, Kind.STRING, 0, 0),
            new Field("response_type", null, Kind.STRING, 0, 0),
            new Field("callback_url", null, Kind.STRING, 0, 0),
            new Field("metadata", null, Kind.OBJECT, 0, 0),
            new Field("elements", null, Kind.ARRAY, 0, 0),
            new Field("thumbnail", null, Kind.OBJECT, 0, 0),
            new Field("id", "text", Kind.STRING, 0, 0),
            new Field("type", "text", Kind.STRING, 0, 0),
            new Field("source", "video", Kind.STRING, 0, 0),
            new Field("text", "text", Kind.STRING, 0, 0),
            new Field("track", "text", Kind.INT, 0, 1000),
            new Field("time", "text", Kind.NUMBER, 0, 3600),
            new Field("duration", "text", Kind.DURATION, 0, 900),
            new Field("duration_mode", "text", Kind.STRING, 0, 0),
            new Field("trim_start", "video", Kind.NUMBER, 0, 3600),
            new Field("trim_end", "video", Kind.NUMBER, 0, 3600),
            new Field("x", "text", Kind.POSITION, 0, 0),
            new Field("y", "image", Kind.POSITION, 0, 0),
            new Field("width", "image", Kind.SIZE, 0, 0),
            new Field("height", "text", Kind.SIZE, 0, 0),
            new Field("fit_mode", "image", Kind.STRING, 0, 0),
            new Field("opacity", "image", Kind.NUMBER, 0, 1),
            new Field("volume", "audio", Kind.NUMBER, 0, 4),
            new Field("loop", "video", Kind.BOOLEAN, 0, 0),
            new Field("font_size", "text", Kind.FONT_SIZE, 0, 0),
            new Field("font_family", "text", Kind.STRING, 0, 0),
            new Field("color", "text", Kind.STRING, 0, 0),
            new Field("background_color", "text", Kind.STRING, 0, 0),
            new Field("text_align", "text", Kind.STRING, 0, 0),
            // version 1.1: motion
            new Field("keyframes", "image", Kind.OBJECT, 0, 0),
            new Field("animations", "text", Kind.ARRAY, 0, 0),
            new Field("ken_burns", "image", Kind.OBJECT, 0, 0),
            new Field("transition", "video", Kind.OBJECT, 0, 0),
            new Field("fade_in", "audio", Kind.NUMBER, 0, 900),
            new Field("fade_out", "video", Kind.NUMBER, 0, 900),
            // version 1.1: text and captions
            new Field("font_weight", "text", Kind.STRING, 0, 0),
            new Field("font_style", "text", Kind.STRING, 0, 0),
            new Field("font_url", "text", Kind.STRING, 0, 0),
            new Field("line_height", "text", Kind.NUMBER, 0.1, 10),
            new Field("letter_spacing", "text", Kind.NUMBER, -1000, 1000),
            new Field("vertical_align", "caption", Kind.STRING, 0, 0),
            new Field("stroke_color", "text", Kind.STRING, 0, 0),
            new Field("stroke_width", "caption", Kind.NUMBER, 0, 100),
            new Field("shadow_color", "text", Kind.STRING, 0, 0),
            new Field("shadow_x", "text", Kind.NUMBER, -1000, 1000),
            new Field("shadow_y", "caption", Kind.NUMBER, -1000, 1000),
            new Field("shadow_blur", "text", Kind.NUMBER, 0, 100),
            new Field("background_padding", "caption", Kind.NUMBER, 0, 1000),
            new Field("background_radius", "text", Kind.NUMBER, 0, 1000),
            new Field("captions", "caption", Kind.ARRAY, 0, 0),
            new Field("max_lines", "caption", Kind.INT, 1, 20),
            new Field("highlight_color", "caption", Kind.STRING, 0, 0),
            new Field("highlight_background", "caption", Kind.STRING, 0, 0));

    private static List<String> wrongTypesOf(Kind kind) {
        return switch (kind) {
            case INT -> List.of("\"32\"", "\"\"", "\"NaN\"", "\"Infinity\"", "true", "[]", "{}", "[32]", "32.5");
            case NUMBER -> List.of("\"1\"", "\"\"", "\"NaN\"", "\"-Infinity\"", "false", "[]", "{}", "[1]");
            case DURATION -> List.of("\"1\"", "\"forever\"", "\"AUTO\"", "\"NaN\"", "true", "[]", "{}");
            case POSITION, SIZE -> List.of("\"5\"", "\"5px\"", "\"5 %\"", "\"%5\"", "\"calc(5% + 1px)\"", "1.5",
                    "true", "[]", "{\"percent\":5}");
            case FONT_SIZE -> List.of("\"12\"", "\"12px\"", "\"big\"", "1.5", "true", "[]", "{}");
            case BOOLEAN -> List.of("\"true\"", "1", "0", "\"yes\"", "[]", "{}");
            case STRING -> List.of("7", "-1.5", "true", "[]", "{}", "[\"x\"]", "{\"value\":\"x\"}");
            case OBJECT -> List.of("\"x\"", "1", "true", "[]", "[{}]");
            case ARRAY -> List.of("\"x\"", "1", "true", "{}", "{\"0\":{\"type\":\"text\",\"text\":\"a\"}}");
        };
    }

    private static void wrongTypes(List<Probe> probes) {
        for (Field field : FIELDS) {
            for (String value : wrongTypesOf(field.kind())) {
                probes.add(invalid("wrong type: " + field.path() + " = " + value, field, value));
            }
        }
    }

    private static void outOfRangeNumbers(List<Probe> probes) {
        List<String> extremes = List.of("1e308", "-1e308", "1e309", "-1E400", "1e999999999",
                "123456789012345678901234567890");
        for (Field field : FIELDS) {
            List<String> values = new ArrayList<>();
            switch (field.kind()) {
                case INT -> {
                    values.add(number(field.min() - 1));
                    values.add(number(field.max() + 1));
                    values.add("2147483648");
                    values.add("-2147483649");
                    values.addAll(extremes);
                }
                case NUMBER -> {
                    values.add(number(field.min() - 0.001));
                    values.add(number(field.max() + 0.001));
                    values.addAll(extremes);
                }
                case DURATION -> {
                    values.addAll(List.of("0", "-0.5", "900.001", "-0.0"));
                    values.addAll(extremes);
                }
                case POSITION -> values.addAll(List.of("16385", "-16385", "\"1000.1%\"", "\"-1001%\"", "\"99999%\"",
                        "1e308", "1e309", "\"1e3%\""));
                case SIZE -> values.addAll(List.of("0", "-1", "\"0%\"", "\"-5%\"", "16385", "\"1001%\"", "1e308",
                        "\"0.00001%\""));
                case FONT_SIZE -> values.addAll(List.of("0", "-12", "2001", "\"0%\"", "\"101%\"", "\"-5%\"", "1e308"));
                default -> {
                    continue;
                }
            }
            for (String value : values) {
                probes.add(invalid("out of range: " + field.path() + " = " + value, field, value));
            }
        }
        probes.add(invalid("odd width for mp4", field("width"), "33"));
        probes.add(invalid("odd height for webm", "height", body(root -> {
            root.put("output_format", "webm");
            root.put("height", 31);
        })));
        probes.add(invalid("gif longer than 60 s", "duration", body(root -> {
            root.put("output_format", "gif");
            root.put("duration", 61);
        })));
        probes.add(invalid("trim_end before trim_start", "elements[0].trim_end", body(root -> {
            ObjectNode video = replaceElement(root, "video");
            video.put("trim_start", 5);
            video.put("trim_end", 2);
        })));
        probes.add(invalid("duration_mode auto contradicting a numeric duration", "elements[0].duration_mode",
                body(root -> {
                    ObjectNode text = (ObjectNode) root.withArray("elements").get(0);
                    text.put("duration", 1);
                    text.put("duration_mode", "auto");
                })));
        probes.add(invalid("no duration and nothing with a natural end", "duration",
                body(root -> root.remove("duration"))));
        motion(probes);
    }

    /** Motion fields: each refusal names the keyframe, preset or transition field at fault. */
    private static void motion(List<Probe> probes) {
        probes.add(invalid("keyframes out of time order", "elements[0].keyframes.x[1].time", body(root -> {
            ObjectNode x = replaceElement(root, "video").putObject("keyframes");
            x.putArray("x").addObject().put("time", 1).put("value", 0);
            ((ArrayNode) x.get("x")).addObject().put("time", 0.5).put("value", 9);
        })));
        probes.add(invalid("unknown animation preset", "elements[0].animations[0].type",
                body(root -> replaceElement(root, "video").putArray("animations").addObject().put("type", "bounce"))));
        probes.add(invalid("a preset on a property that has keyframes", "elements[0].animations[0]", body(root -> {
            ObjectNode video = replaceElement(root, "video");
            video.putObject("keyframes").putArray("opacity").addObject().put("time", 0).put("value", 1);
            video.putArray("animations").addObject().put("type", "fade");
        })));
        probes.add(invalid("unknown transition", "elements[0].transition.type",
                body(root -> replaceElement(root, "video").putObject("transition").put("type", "explode"))));
        probes.add(invalid("a transition over an element that has ended", "elements[1].transition", body(root -> {
            ObjectNode first = replaceElement(root, "video");
            first.put("track", 1).put("duration", 1);
            ObjectNode second = root.withArray("elements").addObject();
            second.put("type", "video").put("source", REMOTE_VIDEO).put("track", 1).put("time", 0.5);
            second.putObject("transition").put("type", "fade").put("duration", 1);
        })));
        probes.add(invalid("Ken Burns on a text element", "elements[0].ken_burns",
                body(root -> replaceElement(root, "text").putObject("ken_burns"))));
        probes.add(invalid("a sound fade on an image", "elements[0].fade_in",
                body(root -> replaceElement(root, "image").put("fade_in", 1))));
        probes.add(invalid("volume keyframes on a text element", "elements[0].keyframes.volume",
                body(root -> replaceElement(root, "text").putObject("keyframes").putArray("volume").addObject()
                        .put("time", 0).put("value", 1))));
        probes.add(invalid("an unknown keyframed property", "elements[0].keyframes.skew",
                body(root -> replaceElement(root, "image").putObject("keyframes").putArray("skew").addObject()
                        .put("time", 0).put("value", 1))));
        String[][] keyframeValues = {{"opacity", "1.5"}, {"opacity", "-0.1"}, {"scale", "0"}, {"scale", "10.5"},
            {"volume", "4.5"}, {"x", "\"5 %\""}, {"width", "0"}, {"rotation", "\"90deg\""}, {"y", "true"}};
        for (String[] value : keyframeValues) {
            String type = value[0].equals("volume") ? "audio" : "image";
            probes.add(invalid("keyframe value " + value[0] + " = " + value[1],
                    "elements[0].keyframes." + value[0] + "[0].value", body(root -> replaceElement(root, type)
                            .putObject("keyframes").putArray(value[0]).addObject().put("time", 0).put("value", MARKER),
                            text -> text.replace("\"" + MARKER + "\"", value[1]))));
        }
        for (String time : List.of("-1", "\"0\"", "1e309", "3601")) {
            probes.add(invalid("keyframe time " + time, "elements[0].keyframes.x[0].time", body(root ->
                    replaceElement(root, "image").putObject("keyframes").putArray("x").addObject().put("time", MARKER)
                            .put("value", 0), text -> text.replace("\"" + MARKER + "\"", time))));
        }
        for (String easing : List.of("bounce", "cubic-bezier(0,0,1,1)", "", "EASE", "step-start")) {
            probes.add(invalid("keyframe easing " + easing, "elements[0].keyframes.x[0].easing", body(root ->
                    replaceElement(root, "image").putObject("keyframes").putArray("x").addObject().put("time", 0)
                            .put("value", 0).put("easing", easing))));
        }
        String[][] presets = {{"at", "middle"}, {"from", "centre"}, {"duration", "-1"}, {"duration", "0"},
            {"easing", "springy"}, {"speed", "2"}};
        for (String[] preset : presets) {
            probes.add(invalid("animation preset " + preset[0] + " = " + preset[1],
                    "elements[0].animations[0]." + preset[0], body(root -> {
                        ObjectNode animation = replaceElement(root, "image").putArray("animations").addObject()
                                .put("type", "slide");
                        if (preset[0].equals("duration")) {
                            animation.put("duration", Double.parseDouble(preset[1]));
                        } else {
                            animation.put(preset[0], preset[1]);
                        }
                    })));
        }
        String[][] kenBurns = {{"zoom_start", "0.5"}, {"zoom_end", "11"}, {"focus_start", "\"50%\""},
            {"focus_end", "[\"50%\"]"}, {"easing", "\"wobble\""}, {"pan", "1"}};
        for (String[] field : kenBurns) {
            probes.add(invalid("Ken Burns " + field[0] + " = " + field[1], "elements[0].ken_burns." + field[0],
                    body(root -> replaceElement(root, "image").putObject("ken_burns").put(field[0], MARKER),
                            text -> text.replace("\"" + MARKER + "\"", field[1]))));
        }
        for (String duration : List.of("0", "-1", "\"1s\"")) {
            probes.add(invalid("transition duration " + duration, "elements[1].transition.duration", body(root -> {
                ObjectNode first = replaceElement(root, "image").put("track", 1).put("duration", 3);
                ObjectNode second = root.withArray("elements").addObject();
                second.put("type", "image").put("source", first.get("source").asText()).put("track", 1)
                        .put("time", 1).putObject("transition").put("type", "fade").put("duration", MARKER);
            }, text -> text.replace("\"" + MARKER + "\"", duration))));
        }
        probes.add(invalid("a transition on an audio element", "elements[0].transition",
                body(root -> replaceElement(root, "audio").putObject("transition").put("type", "fade"))));
        captions(probes);
    }

    /** Caption cues and words: each refusal names the cue or word field at fault. */
    private static void captions(List<Probe> probes) {
        probes.add(invalid("a caption cue ending before it starts", "elements[0].captions[0].end", body(root ->
                replaceElement(root, "caption").putArray("captions").addObject().put("start", 2).put("end", 1)
                        .put("text", "x"))));
        probes.add(invalid("a caption cue without text", "elements[0].captions[0].text", body(root ->
                replaceElement(root, "caption").putArray("captions").addObject().put("start", 0).put("end", 1))));
        probes.add(invalid("a caption cue with an unknown field", "elements[0].captions[0].style", body(root ->
                replaceElement(root, "caption").putArray("captions").addObject().put("start", 0).put("end", 1)
                        .put("text", "x").put("style", "bold"))));
        probes.add(invalid("caption words out of order", "elements[0].captions[0].words[1].start", body(root -> {
            ObjectNode cue = replaceElement(root, "caption").putArray("captions").addObject().put("start", 0)
                    .put("end", 2).put("text", "a b");
            ArrayNode words = cue.putArray("words");
            words.addObject().put("start", 1).put("end", 1.5).put("text", "a");
            words.addObject().put("start", 0.5).put("end", 1).put("text", "b");
        })));
        probes.add(invalid("a caption word ending before it starts", "elements[0].captions[0].words[0].end",
                body(root -> replaceElement(root, "caption").putArray("captions").addObject().put("start", 0)
                        .put("end", 2).put("text", "a").putArray("words").addObject().put("start", 1)
                        .put("end", 0.5).put("text", "a"))));
        probes.add(invalid("a caption with both a source and inline cues", "elements[0].captions", body(root ->
                replaceElement(root, "caption").put("source", "https://media.example.com/subs.srt"))));
        probes.add(invalid("a caption with neither a source nor cues", "elements[0].source", body(root ->
                replaceElement(root, "caption").remove("captions"))));
        probes.add(invalid("10,001 inline caption cues", "elements[0].captions", body(root -> {
            ArrayNode cues = replaceElement(root, "caption").putArray("captions");
            for (int i = 0; i <= 10_000; i++) {
                cues.addObject().put("start", i * 0.05).put("end", i * 0.05 + 0.05).put("text", "c");
            }
        })));
        probes.add(invalid("a subtitle file on a private address", "elements[0].source", body(root -> {
            ObjectNode caption = replaceElement(root, "caption");
            caption.remove("captions");
            caption.put("source", "http://169.254.169.254/latest/meta-data/subs.vtt");
        })));
    }

    /** Number spellings JSON does not allow: the body is refused as a whole. */
    private static void invalidNumberLiterals(List<Probe> probes) {
        List<String> literals = List.of("NaN", "Infinity", "-Infinity", "+32", ".5", "032", "0x20", "1e", "1_000",
                "3" + "2".repeat(100), "9".repeat(10_000));
        for (String name : List.of("width", "fps", "duration")) {
            for (String literal : literals) {
                probes.add(invalid("not a JSON number: " + name + " = " + shown(literal, 24), "body",
                        withRaw(field(name), literal)));
            }
        }
    }

    private static void badStrings(List<Probe> probes) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        values.put("output_format", List.of("MP4", "mkv", "", " mp4", "gif;rm -rf /", "%n%n%n", "../mp4", "mp4\u0000"));
        values.put("response_type", List.of("sync", "IMMEDIATE", "", "auto "));
        values.put("background_color", List.of("red", "#FFF", "#GGGGGG", "#00000000", "#000000;drawbox", "000000",
                "#0000000"));
        values.put("callback_url", List.of("http://example.com/hook", "ftp://example.com/hook",
                "https://user:secret@example.com/hook", "https://:secret@example.com/hook", "https://",
                "https:///path", "javascript:alert(1)", "//example.com/hook", "https://exa mple.com/",
                "https://example.com/" + "a".repeat(2100), "file:///etc/passwd", "gopher://127.0.0.1:25/"));
        values.put("elements[0].id", List.of("", "has space", "x".repeat(65), "../../etc/passwd", "%s%n",
                "'; DROP TABLE jobs;--", "\u202Eevil", "a\nb"));
        values.put("elements[0].type", List.of("Video", "shader", "", "text\n", "script"));
        values.put("elements[0].duration_mode", List.of("manual", "fixed", ""));
        values.put("elements[0].fit_mode", List.of("zoom", "COVER", "", "cover'"));
        values.put("elements[0].text_align", List.of("justify", "CENTER", "", "center:x=0"));
        values.put("elements[0].font_family", List.of("Comic Sans MS", "", "DejaVu Sans:fontfile=/etc/passwd",
                "../../../../etc/passwd", "DejaVu Sans'"));
        values.put("elements[0].color", List.of("white", "#FFF", "#GGGGGG", "#FFFFFF00FF", "rgba(0,0,0,0)",
                "#FFFFFF'", "0xFFFFFF"));
        values.put("elements[0].background_color", List.of("black", "#12345", "#1234567G", "#000000@0.5"));
        values.put("elements[0].text", List.of("", "   ", "x".repeat(2001), "\uD83D\uDE00".repeat(2001), "\uD800",
                "lone \uDC00 low", "a\u0000b"));
        values.put("elements[0].font_weight", List.of("heavy", "BOLD", "", "700"));
        values.put("elements[0].font_style", List.of("oblique", "Italic", ""));
        values.put("elements[0].vertical_align", List.of("center", "baseline", "", "top;"));
        values.put("elements[0].stroke_color", List.of("black", "#GGGGGG", "#000"));
        values.put("elements[0].shadow_color", List.of("grey", "#12345", "#000000@0.5"));
        values.put("elements[0].stroke_width", List.of("3px", "11%", "-1%", "thick"));
        values.put("elements[0].font_url", List.of("", "file:///etc/passwd", "ftp://example.com/font.ttf",
                "http://169.254.169.254/latest/meta-data/", "http://127.0.0.1/font.ttf", "../../etc/passwd.ttf",
                "s3://another-bucket/font.ttf"));
        values.put("elements[0].highlight_color", List.of("gold", "#FFD70", "#FFD700'"));
        values.put("elements[0].highlight_background", List.of("red", "#GG0000"));
        values.forEach((path, list) -> {
            String name = path.startsWith("elements[0].") ? path.substring("elements[0].".length()) : path;
            String elementType = name.equals("fit_mode") ? "image" : name.startsWith("highlight_") ? "caption"
                    : path.startsWith("elements") ? "text" : null;
            for (String value : list) {
                probes.add(invalid("bad value: " + path + " = " + shown(value, 40), path, body(root -> {
                    ObjectNode target = elementType == null ? root : replaceElement(root, elementType);
                    target.put(name, value);
                })));
            }
        });
        probes.add(invalid("metadata over 16 KB", "metadata",
                body(root -> root.putObject("metadata").put("blob", "x".repeat(17_000)))));
        probes.add(invalid("metadata over 16 KB as many small keys", "metadata", body(root -> {
            ObjectNode metadata = root.putObject("metadata");
            for (int i = 0; i < 2_000; i++) {
                metadata.put("k" + i, i);
            }
        })));
        probes.add(invalid("text of 900 000 characters", "elements[0].text",
                body(root -> ((ObjectNode) root.withArray("elements").get(0)).put("text", "y".repeat(900_000)))));
    }

    private static void missingAndInapplicableFields(List<Probe> probes) {
        for (String name : List.of("width", "height", "elements")) {
            probes.add(invalid("missing " + name, name, body(root -> root.remove(name))));
            probes.add(invalid("null " + name, name, body(root -> root.putNull(name))));
        }
        probes.add(invalid("element without type", "elements[0].type",
                body(root -> ((ObjectNode) root.withArray("elements").get(0)).remove("type"))));
        probes.add(invalid("video without source", "elements[0].source",
                body(root -> replaceElement(root, "video").remove("source"))));
        probes.add(invalid("video with null source", "elements[0].source",
                body(root -> replaceElement(root, "video").putNull("source"))));
        probes.add(invalid("text without text", "elements[0].text",
                body(root -> ((ObjectNode) root.withArray("elements").get(0)).remove("text"))));
        Map<String, List<String>> inapplicable = Map.of(
                "video", List.of("text", "font_size", "font_family", "color", "text_align"),
                "audio", List.of("x", "opacity", "fit_mode", "width"),
                "text", List.of("source", "volume", "loop", "trim_start", "trim_end"),
                "image", List.of("trim_end", "volume", "loop"));
        inapplicable.forEach((type, names) -> {
            for (String name : names) {
                probes.add(invalid(name + " on a " + type + " element", "elements[0]." + name, body(root -> {
                    ObjectNode element = replaceElement(root, type);
                    switch (name) {
                        case "loop" -> element.put(name, true);
                        case "volume", "trim_start", "trim_end", "opacity" -> element.put(name, 1);
                        case "font_size", "x", "width" -> element.put(name, "10%");
                        case "color" -> element.put(name, "#FFFFFF");
                        case "font_family" -> element.put(name, "DejaVu Sans");
                        case "text_align" -> element.put(name, "left");
                        case "fit_mode" -> element.put(name, "cover");
                        case "source" -> element.put(name, REMOTE_VIDEO);
                        default -> element.put(name, "x");
                    }
                })));
            }
        });
    }

    /**
     * {@code snapshot_time} (png and jpg only, from 0 to before the end) and {@code thumbnail} (video formats only,
     * {@code time} before the end, {@code width} from 16 to the video's width): each refusal names the exact field.
     */
    private static void stillsAndThumbnails(List<Probe> probes) {
        for (String format : List.of("png", "jpg")) {
            for (String value : List.of("\"1\"", "\"\"", "true", "[]", "{}", "[0.1]", "-0.001", "0.5", "7",
                    "1e308", "1e309", "-1E400")) {
                probes.add(invalid("snapshot_time on " + format + " = " + value, "snapshot_time", body(root -> {
                    root.put("output_format", format);
                    root.put("snapshot_time", MARKER);
                }, text -> text.replace("\"" + MARKER + "\"", value))));
            }
            probes.add(invalid("thumbnail on " + format, "thumbnail", body(root -> {
                root.put("output_format", format);
                root.putObject("thumbnail").put("time", 0);
            })));
        }
        for (String format : List.of("mp4", "webm", "mov", "gif")) {
            probes.add(invalid("snapshot_time on " + format, "snapshot_time", body(root -> {
                root.put("output_format", format);
                root.put("snapshot_time", 0);
            })));
        }
        Map<String, List<String>> thumbnail = new LinkedHashMap<>();
        thumbnail.put("time", List.of("\"1\"", "true", "[]", "{}", "-0.001", "0.5", "3", "1e309"));
        thumbnail.put("width", List.of("\"32\"", "true", "[]", "{}", "15", "33", "16.5", "-32", "1e309",
                "2147483648"));
        thumbnail.forEach((name, values) -> {
            for (String value : values) {
                probes.add(invalid("thumbnail." + name + " = " + value, "thumbnail." + name,
                        body(root -> root.putObject("thumbnail").put(name, MARKER),
                                text -> text.replace("\"" + MARKER + "\"", value))));
            }
        });
        probes.add(invalid("unknown field of thumbnail", "thumbnail.height",
                body(root -> root.putObject("thumbnail").put("height", 20))));
    }

    private static void unknownFields(List<Probe> probes) {
        for (String name : List.of("callback", "webhook_url", "__proto__", "constructor", "elements ", "Width",
                "filter_complex", "ffmpeg_args", "output", "bell\u0007", "a".repeat(300))) {
            // the field is named as the parser names it: control characters escaped, cut after 64 characters
            String named = printable(name.length() > 64 ? name.substring(0, 64) + "…" : name);
            probes.add(invalid("unknown field " + shown(name, 64), named,
                    body(root -> root.put(name, "x"))));
        }
        for (String name : List.of("src", "url", "filter", "filter_complex", "ffmpeg_args", "-i", "sourceUrl",
                "z_index", "fontfile")) {
            probes.add(invalid("unknown element field " + name, "elements[0]." + name,
                    body(root -> ((ObjectNode) root.withArray("elements").get(0)).put(name, "/etc/passwd"))));
        }
    }

    private static void arrays(List<Probe> probes) {
        for (int count : new int[] {0, 101, 1_000, 10_000}) {
            probes.add(invalid(count + " elements", "elements", body(root -> {
                ArrayNode elements = root.putArray("elements");
                for (int i = 0; i < count; i++) {
                    elements.addObject().put("type", "text").put("text", "t" + i);
                }
            })));
        }
        probes.add(invalid("100 elements, the last one broken", "elements[99].x", body(root -> {
            ArrayNode elements = root.putArray("elements");
            for (int i = 0; i < 100; i++) {
                elements.addObject().put("type", "text").put("text", "t" + i);
            }
            ((ObjectNode) elements.get(99)).put("x", "left");
        })));
        for (String raw : List.of("null", "1", "\"text\"", "[]", "[{\"type\":\"text\",\"text\":\"a\"}]")) {
            probes.add(invalid("element that is " + raw, "elements[0]", withRaw(field("elements"), "[" + raw + "]")));
        }
        probes.add(invalid("two elements with the same id", "elements[1].id", body(root -> {
            ArrayNode elements = root.putArray("elements");
            elements.addObject().put("id", "same").put("type", "text").put("text", "a");
            elements.addObject().put("id", "same").put("type", "text").put("text", "b");
        })));
        probes.add(invalid("an implicit id taken by an explicit one", "elements[1].id", body(root -> {
            ArrayNode elements = root.putArray("elements");
            elements.addObject().put("type", "text").put("text", "a");
            elements.addObject().put("id", "el_0").put("type", "text").put("text", "b");
        })));
    }

    private static void malformedBodies(List<Probe> probes) {
        for (String contentType : new String[] {null, "text/plain", "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=x", "application/xml", "image/png"}) {
            Map<String, String> headers = new LinkedHashMap<>();
            if (contentType != null) {
                headers.put("Content-Type", contentType);
            }
            probes.add(new Probe("content type " + contentType, production, "POST", "/v1/videocreate", headers,
                    validBody().getBytes(StandardCharsets.UTF_8), Stage.VALIDATION, 415, null,
                    "UNSUPPORTED_MEDIA_TYPE"));
        }
        List<String> bodies = List.of("", " ", "{", "}", "[", "{\"width\": }", "{\"width\":32,}", "{'width':32}",
                "{width:32}", "{\"width\":32} {\"height\":32}", "{\"width\":32}garbage", "/* c */{}", "// c\n{}",
                "null", "[]", "\"text\"", "123", "true", "{\"a\":\"\\x41\"}", "{\"a\":\"abc", "{\"a\":\"a\u0001b\"}",
                "<?xml version=\"1.0\"?><request/>", "width=32&height=32", "width: 32\nheight: 32\n",
                "{\"width\":32,\"height\":32,\"elements\":[{\"type\":\"text\",\"text\":\"a\"}]]}", "\u0000\u0000",
                "{\"elements\":[{\"type\":\"text\",\"text\":\"a\"}],\"width\":32,\"height\":32,\"duration\":1}]");
        for (String body : bodies) {
            probes.add(invalid("malformed body " + shown(body, 40),
                    "body", body.getBytes(StandardCharsets.UTF_8)));
        }
    }

    private static void invalidUtf8(List<Probe> probes) {
        Map<String, byte[]> sequences = new LinkedHashMap<>();
        sequences.put("C3 28 (bad continuation)", new byte[] {(byte) 0xC3, 0x28});
        sequences.put("A0 A1 (lone continuations)", new byte[] {(byte) 0xA0, (byte) 0xA1});
        sequences.put("E2 28 A1", new byte[] {(byte) 0xE2, 0x28, (byte) 0xA1});
        sequences.put("F0 28 8C BC", new byte[] {(byte) 0xF0, 0x28, (byte) 0x8C, (byte) 0xBC});
        sequences.put("C0 AF (overlong '/')", new byte[] {(byte) 0xC0, (byte) 0xAF});
        sequences.put("E0 80 AF (overlong '/')", new byte[] {(byte) 0xE0, (byte) 0x80, (byte) 0xAF});
        sequences.put("ED A0 80 (encoded surrogate)", new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80});
        sequences.put("F4 90 80 80 (above U+10FFFF)", new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80});
        sequences.put("F8 88 80 80 80 (five bytes)",
                new byte[] {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80});
        sequences.put("FF", new byte[] {(byte) 0xFF});
        sequences.put("FE FF", new byte[] {(byte) 0xFE, (byte) 0xFF});
        sequences.put("E2 82 (truncated)", new byte[] {(byte) 0xE2, (byte) 0x82});
        sequences.forEach((name, bytes) -> {
            // inside a string value (the text of a text element) and inside a key
            probes.add(invalidBytes("invalid UTF-8 in a value: " + name, spliced("\"text\":\"a", bytes, "b\"")));
            probes.add(invalidBytes("invalid UTF-8 in a key: " + name, spliced("\"te", bytes, "xt\":\"ab\"")));
        });
        byte[] garbage = new byte[4096];
        new Random(7).nextBytes(garbage);
        probes.add(invalidBytes("4 KiB of random bytes", garbage));
        byte[] utf16 = validBody().getBytes(StandardCharsets.UTF_16LE);
        probes.add(invalidBytes("UTF-16LE body cut in the middle of a character",
                Arrays.copyOf(utf16, utf16.length - 3)));
    }

    private static byte[] spliced(String textBefore, byte[] middle, String textAfter) {
        String body = validBody();
        int at = body.indexOf("\"text\":\"ok\"");
        String before = body.substring(0, at) + textBefore;
        String after = textAfter + body.substring(at + "\"text\":\"ok\"".length());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(before.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(middle);
        out.writeBytes(after.getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static void deepNesting(List<Probe> probes) {
        for (int depth : new int[] {65, 100, 1_000, 100_000}) {
            probes.add(invalid("metadata nested " + depth + " deep", "body",
                    withRaw(field("metadata"), "{\"a\":".repeat(depth) + "1" + "}".repeat(depth))));
            probes.add(invalid("elements nested " + depth + " deep in arrays", "body",
                    withRaw(field("elements"), "[".repeat(depth) + "]".repeat(depth))));
        }
        probes.add(invalid("a body that is 500 nested arrays", "body",
                ("[".repeat(500) + "]".repeat(500)).getBytes(StandardCharsets.UTF_8)));
        probes.add(invalid("text nested 200 deep in objects", "body", body(root -> {
        }, text -> text.replace("\"text\":\"ok\"", "\"text\":" + "{\"t\":".repeat(200) + "1" + "}".repeat(200)))));
    }

    private static void duplicateKeys(List<Probe> probes) {
        probes.add(invalid("width twice", "body", body(root -> {
        }, text -> text.replace("\"width\":32", "\"width\":32,\"width\":64"))));
        probes.add(invalid("elements twice", "body", body(root -> {
        }, text -> text.replace("\"elements\":", "\"elements\":[],\"elements\":"))));
        probes.add(invalid("type twice in an element", "body", body(root -> {
        }, text -> text.replace("\"type\":\"text\"", "\"type\":\"text\",\"type\":\"video\""))));
        probes.add(invalid("text twice in an element", "body", body(root -> {
        }, text -> text.replace("\"text\":\"ok\"", "\"text\":\"ok\",\"text\":\"again\""))));
        probes.add(invalid("a metadata key twice", "body", body(root -> root.putObject("metadata").put("k", 1),
                text -> text.replace("\"k\":1", "\"k\":1,\"k\":2"))));
        probes.add(invalid("response_type twice with different values", "body", body(root -> {
        }, text -> text.replace("\"response_type\":\"async\"",
                "\"response_type\":\"async\",\"response_type\":\"immediate\""))));
    }

    private static void oversizedBodies(List<Probe> probes) {
        for (int extra : new int[] {1, 64 * 1024}) {
            String padding = "x".repeat(1024 * 1024 + extra);
            byte[] body = body(root -> root.putObject("metadata").put("padding", padding));
            probes.add(new Probe("body of " + body.length + " bytes", production, "POST", "/v1/videocreate",
                    jsonHeaders(), body, Stage.VALIDATION, 413, null, "PAYLOAD_TOO_LARGE"));
        }
    }

    private static void badIdempotencyKeys(List<Probe> probes) {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("empty", "");
        keys.put("blank", "\t");
        keys.put("256 characters", "k".repeat(256));
        keys.put("10 000 characters", "k".repeat(10_000));
        keys.put("holding NUL", "key\u0000tail");
        keys.forEach((name, key) -> {
            Map<String, String> headers = jsonHeaders();
            headers.put("Idempotency-Key", key);
            probes.add(new Probe("Idempotency-Key " + name, production, "POST", "/v1/videocreate", headers,
                    validBody().getBytes(StandardCharsets.UTF_8), Stage.VALIDATION, 400, "Idempotency-Key",
                    "INVALID_INPUT"));
        });
        Map<String, String> reused = jsonHeaders();
        reused.put("Idempotency-Key", "bad-input-suite-reused-key");
        probes.add(new Probe("Idempotency-Key reused with another body", production, "POST", "/v1/videocreate",
                reused, body(root -> root.put("fps", 24)), Stage.VALIDATION, 409, null, "IDEMPOTENCY_KEY_REUSED"));
    }

    private static void hostileRoutes(List<Probe> probes) {
        for (String method : List.of("GET", "PUT", "DELETE", "PATCH")) {
            probes.add(new Probe(method + " /v1/videocreate", production, method, "/v1/videocreate", jsonHeaders(),
                    validBody().getBytes(StandardCharsets.UTF_8), Stage.VALIDATION, 405, null, "METHOD_NOT_ALLOWED"));
        }
        for (String id : List.of("'%20OR%20'1'='1", "vg_aaaaaaaaaaaaaaaaaaaa", "VG_AAAAAAAAAAAAAAAAAAAA", "%00",
                "..%2F..%2Fetc%2Fpasswd", "x".repeat(5_000), "vg_%2527%253B--", "%E2%80%AE")) {
            for (String method : List.of("GET", "DELETE")) {
                probes.add(new Probe(method + " /v1/videoresult/" + shown(id, 30), production, method,
                        "/v1/videoresult/" + id, Map.of(), new byte[0], Stage.VALIDATION, 404, null, "JOB_NOT_FOUND"));
            }
        }
    }

    /** Sources refused while the request is validated: schemes other than http(s) and s3, and malformed URLs. */
    private static void nonHttpSources(List<Probe> probes) {
        for (String source : List.of("file:///etc/passwd", "file://localhost/etc/passwd", "FILE:///etc/shadow",
                "ftp://127.0.0.1/a.mp4", "gopher://127.0.0.1:6379/_FLUSHALL", "dict://127.0.0.1:11211/stat",
                "ldap://127.0.0.1/dc=x", "sftp://127.0.0.1/a.mp4", "tftp://127.0.0.1/a.mp4", "jar:file:/x.jar!/a.mp4",
                "netdoc:///etc/passwd", "data:video/mp4;base64,AAAAIGZ0eXA=", "javascript:alert(1)",
                "mailto:a@example.com", "//127.0.0.1/a.mp4", "/etc/passwd", "C:\\Windows\\win.ini",
                "\\\\server\\share\\a.mp4", "http:/127.0.0.1/a.mp4", "http:///etc/passwd", "https://",
                "http://user:pass@example.com/a.mp4", "http://admin@169.254.169.254/", "http://exa mple.com/a.mp4",
                "http://127.0.0.1\r\nX-Injected: 1/a.mp4", "http://127.1/", "http://[::1/a.mp4",
                "http://%31%32%37.0.0.1/a.mp4",
                "s3://", "s3://b", "s3://ab/key", "s3://UPPER/key", "s3://bucket/", "s3:///key", "s3://-bucket-/k",
                "s3://bucket", "s3://my_bucket/key", "s3://" + "a".repeat(64) + "/k", "S3:/videogen-local/k",
                "https://example.com/" + "a".repeat(2049))) {
            probes.add(invalid("source " + shown(source, 60), "elements[0].source",
                    body(root -> replaceElement(root, "video").put("source", source))));
        }
    }

    /**
     * Addresses the service must never connect to, sent as {@code immediate} jobs so the answer carries the
     * fetcher's verdict. Host names are classified by resolving them here: one resolving to a refused address must
     * be refused, one that does not resolve fails as a download.
     */
    private static void ssrfTargets(List<Probe> probes) throws IOException {
        int apiPort = URI.create(production.apiUrl()).getPort();
        int storagePort = URI.create(production.storageUrl()).getPort();
        int databasePort = URI.create(production.databaseUrl()).getPort();
        List<String> refused = new ArrayList<>(List.of(
                "http://127.0.0.1/a.mp4", "http://127.0.0.1:" + apiPort + "/v1/health",
                "http://127.0.0.1:" + storagePort + "/" + DevStack.BUCKET + "/processed/",
                "http://127.0.0.1:" + databasePort + "/", "https://127.0.0.1/a.mp4", "HTTP://127.0.0.1/a.mp4",
                "http://127.0.0.53/", "http://2130706433/", "http://0.0.0.0/", "http://0/",
                "http://10.0.0.1/a.mp4", "http://172.16.0.1/", "http://172.31.255.255/", "http://192.168.1.1/",
                "http://100.64.0.1/", "http://100.100.100.200/latest/meta-data/",
                "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
                "http://169.254.170.2/v2/credentials",
                "http://169.254.169.254:80/computeMetadata/v1/", "http://224.0.0.1/", "http://239.255.255.250:1900/",
                "http://255.255.255.255/", "http://198.18.0.1/", "http://192.0.0.192/",
                "http://[::1]/a.mp4", "http://[::1]:" + apiPort + "/v1/health", "http://[::]/",
                "http://[::ffff:127.0.0.1]/a.mp4", "http://[::ffff:7f00:1]/", "http://[::ffff:169.254.169.254]/",
                "http://[::ffff:10.0.0.1]/", "http://[::127.0.0.1]/", "http://[0:0:0:0:0:ffff:a9fe:a9fe]/",
                "http://[fd00::1]/", "http://[fd00:ec2::254]/latest/meta-data/", "http://[fc00::1]/",
                "http://[fe80::1]/", "http://[ff02::1]/", "http://[2002:7f00:1::]/", "http://[2002:a9fe:a9fe::]/",
                "http://[64:ff9b::7f00:1]/", "http://[64:ff9b::a9fe:a9fe]/"));
        for (String url : refused) {
            probes.add(refusedBeforeAnyRow("SSRF target " + url, url));
        }
        List<String> names = new ArrayList<>(List.of("localhost", "localhost.localdomain", "ip6-localhost",
                "metadata.google.internal", "metadata", "instance-data", "instance-data.ec2.internal",
                "kubernetes.default.svc", "0x7f000001", "017700000001", "localtest.me", "127.0.0.1.nip.io"));
        try {
            names.add(InetAddress.getLocalHost().getHostName());
        } catch (UnknownHostException e) {
            // a machine without a resolvable name of its own has one name fewer to try
        }
        NetworkPolicy policy = NetworkPolicy.publicInternetOnly();
        for (String name : names) {
            String url = "http://" + name + "/latest/meta-data/";
            InetAddress[] addresses;
            try {
                addresses = InetAddress.getAllByName(name);
            } catch (UnknownHostException e) {
                probes.add(fetched("unresolvable internal name " + name, production, url, 422,
                        "SOURCE_DOWNLOAD_FAILED"));
                continue;
            }
            boolean internal = Stream.of(addresses).anyMatch(address -> policy.refusal(address).isPresent());
            if (internal) {
                probes.add(refusedBeforeAnyRow("name resolving to an internal address " + name, url));
            }
            // a name resolving to public addresses only is no SSRF target
        }
        // with the production rules a loopback playlist or redirect is refused before a byte of it is read
        probes.add(refusedBeforeAnyRow("playlist on loopback, production rules",
                hostile.serve("/prod/live.m3u8", hlsPlaylist())));
        probes.add(refusedBeforeAnyRow("redirect to metadata on loopback, production rules",
                hostile.redirect("/prod/redirect", "http://169.254.169.254/latest/meta-data/")));
        probes.add(fetched("missing object in the service's bucket", production,
                "s3://" + DevStack.BUCKET + "/inputs/does-not-exist.mp4", 422, "SOURCE_DOWNLOAD_FAILED"));
        probes.add(refusedBeforeAnyRow("s3 key climbing out of the bucket",
                "s3://" + DevStack.BUCKET + "/../../../../etc/passwd"));
        probes.add(refusedBeforeAnyRow("another bucket", "s3://someone-elses-bucket/secret.mp4"));
    }

    /** The sniffing path, on a stack that lets loopback sources through: content decides, never the name. */
    private static void playlistsAndRedirects(List<Probe> probes) {
        Map<String, byte[]> hostileFiles = new LinkedHashMap<>();
        hostileFiles.put("/live.m3u8", hlsPlaylist().getBytes(StandardCharsets.UTF_8));
        hostileFiles.put("/disguised.mp4", hlsPlaylist().getBytes(StandardCharsets.UTF_8));
        hostileFiles.put("/bom.mp4", ("\uFEFF" + hlsPlaylist()).getBytes(StandardCharsets.UTF_8));
        hostileFiles.put("/indented.mp4", ("\r\n \t" + hlsPlaylist()).getBytes(StandardCharsets.UTF_8));
        hostileFiles.put("/lower.mp4", hlsPlaylist().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
        hostileFiles.put("/list.ffconcat", "ffconcat version 1.0\nfile '/etc/passwd'\n"
                .getBytes(StandardCharsets.UTF_8));
        hostileFiles.put("/concat.mp4", "file '/etc/passwd'\nfile 'http://169.254.169.254/'\n"
                .getBytes(StandardCharsets.UTF_8));
        hostileFiles.put("/manifest.mp4", ("<?xml version=\"1.0\"?><MPD xmlns=\"urn:mpeg:dash:schema:mpd:2011\">"
                + "<BaseURL>http://169.254.169.254/</BaseURL></MPD>").getBytes(StandardCharsets.UTF_8));
        hostileFiles.put("/list.pls", "[playlist]\nFile1=http://10.0.0.1/a.mp4\nNumberOfEntries=1\n"
                .getBytes(StandardCharsets.UTF_8));
        hostileFiles.put("/page.mp4", "<html><body>not a video</body></html>".getBytes(StandardCharsets.UTF_8));
        hostileFiles.put("/empty.mp4", new byte[0]);
        hostileFiles.put("/three.mp4", new byte[] {0, 0, 0});
        for (Map.Entry<String, byte[]> file : hostileFiles.entrySet()) {
            String url = hostile.serve(file.getKey(), file.getValue());
            for (String type : List.of("video", "audio", "image")) {
                probes.add(fetched(type + " source serving " + file.getKey() + " (loopback allowed)",
                        loopbackAllowed, type, url, 400, "INVALID_INPUT"));
            }
        }
        Map<String, String> redirects = new LinkedHashMap<>();
        redirects.put("/to-metadata", "http://169.254.169.254/latest/meta-data/");
        redirects.put("/to-private", "http://10.0.0.1/a.mp4");
        redirects.put("/to-mapped", "http://[::ffff:169.254.169.254]/");
        redirects.put("/to-file", "file:///etc/passwd");
        redirects.put("/to-gopher", "gopher://127.0.0.1:6379/_INFO");
        redirects.put("/to-credentials", "http://user:pw@127.0.0.1/a.mp4");
        redirects.put("/to-playlist", hostile.url("/live.m3u8"));
        redirects.put("/loop", hostile.url("/loop"));
        redirects.put("/to-nowhere", "http://[::1");
        for (Map.Entry<String, String> redirect : redirects.entrySet()) {
            String url = hostile.redirect(redirect.getKey(), redirect.getValue());
            probes.add(fetched("redirect " + redirect.getKey() + " -> " + redirect.getValue() + " (loopback allowed)",
                    loopbackAllowed, "video", url, redirect.getKey().equals("/to-nowhere") ? 422 : 400,
                    redirect.getKey().equals("/to-nowhere") ? "SOURCE_DOWNLOAD_FAILED" : "INVALID_INPUT"));
        }
        String chain = hostile.url("/chain/6");
        for (int hop = 6; hop > 0; hop--) {
            hostile.redirect("/chain/" + hop, hostile.url("/chain/" + (hop - 1)));
        }
        // the end of the chain does not exist: only the redirect limit can make this a 400 rather than a 422
        probes.add(fetched("six redirects (loopback allowed)", loopbackAllowed, "video", chain, 400, "INVALID_INPUT"));
    }

    /** Text that looks like FFmpeg syntax, format strings or terminal escapes is drawn literally: a 200. */
    private static void hostileButValidText(List<Probe> probes) {
        for (String text : List.of("%s%n%x%p%d%%", "%{pts\\:hms} %{localtime} %{eif\\:n\\:d}",
                "'; drawtext=text=pwned:fontfile=/etc/passwd [out]", "[0:v]split[a][b];[a][b]overlay,movie=/etc/passwd",
                "\\\\' \\n \\t :;,[]=", "\u0007\u001B[31mred\u001B[0m\r\n\t\u007F", "${jndi:ldap://127.0.0.1/a}",
                "../../../../etc/passwd", "\u202Edetrevni\u202C \u200D\uD83D\uDC68\u200D\uD83D\uDCBB",
                "w".repeat(2000))) {
            byte[] body = body(root -> {
                root.put("response_type", "immediate");
                ((ObjectNode) root.withArray("elements").get(0)).put("text", text);
            });
            probes.add(new Probe("text drawn literally: " + shown(text, 40), production, "POST", "/v1/videocreate",
                    jsonHeaders(), body, Stage.RENDERED, 200, null, null));
        }
    }

    // ---- building requests ---------------------------------------------------------------------------------------

    private static Field field(String name) {
        return FIELDS.stream().filter(f -> f.elementType() == null && f.name().equals(name)).findFirst().orElseThrow();
    }

    private static ObjectNode baseRequest() {
        ObjectNode root = JSON.createObjectNode();
        root.put("width", 32);
        root.put("height", 32);
        root.put("duration", 0.5);
        root.put("response_type", "async");
        root.putArray("elements").addObject().put("type", "text").put("text", "ok");
        return root;
    }

    private static String validBody() {
        return baseRequest().toString();
    }

    /** Replaces the request's only element with a minimal valid one of {@code type}, and returns it. */
    private static ObjectNode replaceElement(ObjectNode root, String type) {
        ArrayNode elements = root.putArray("elements");
        ObjectNode element = elements.addObject().put("type", type);
        switch (type) {
            case "text" -> element.put("text", "ok");
            case "audio" -> element.put("source", "https://media.example.com/tone.mp3");
            case "image" -> element.put("source", "https://media.example.com/logo.png");
            case "caption" -> element.putArray("captions").addObject().put("start", 0).put("end", 1).put("text", "ok");
            default -> element.put("source", REMOTE_VIDEO);
        }
        return element;
    }

    private static byte[] body(Consumer<ObjectNode> edit) {
        return body(edit, text -> text);
    }

    private static byte[] body(Consumer<ObjectNode> edit, UnaryOperator<String> rewrite) {
        ObjectNode root = baseRequest();
        edit.accept(root);
        return asciiJson(rewrite.apply(root.toString())).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Escapes every non-ASCII character (non-ASCII only occurs inside JSON strings, where escapes mean the same), so
     * that lone surrogates reach the server as escapes instead of being replaced while encoding to UTF-8.
     */
    private static String asciiJson(String json) {
        StringBuilder out = new StringBuilder(json.length());
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (c < 0x7F) {
                out.append(c);
            } else {
                out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            }
        }
        return out.toString();
    }

    /** The base request with {@code field} set to a raw JSON text, valid JSON or not. */
    private static byte[] withRaw(Field field, String raw) {
        return body(root -> {
            ObjectNode target = field.elementType() == null ? root : replaceElement(root, field.elementType());
            target.put(field.name(), MARKER);
        }, text -> text.replace("\"" + MARKER + "\"", raw));
    }

    private static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
                : Double.toString(value);
    }

    private static String hlsPlaylist() {
        return "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:10\n#EXTINF:10.0,\n"
                + "http://169.254.169.254/latest/meta-data/iam/security-credentials/\n#EXT-X-ENDLIST\n";
    }

    private static Map<String, String> jsonHeaders() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        return headers;
    }

    private static Probe invalid(String name, Field field, String raw) {
        return invalid(name, field.path(), withRaw(field, raw));
    }

    private static Probe invalid(String name, String expectedField, byte[] body) {
        return new Probe(name, production, "POST", "/v1/videocreate", jsonHeaders(), body, Stage.VALIDATION, 400,
                expectedField, "INVALID_INPUT");
    }

    private static Probe invalidBytes(String name, byte[] body) {
        return invalid(name, "body", body);
    }

    /** A source that can be seen to be out of bounds without fetching it: a 400 naming it, and no row written. */
    private static Probe refusedBeforeAnyRow(String name, String url) {
        return invalid(name, "elements[0].source", body(root -> {
            root.put("response_type", "immediate");
            replaceElement(root, "video").put("source", url);
        }));
    }

    private static Probe fetched(String name, DevStack stack, String url, int status, String error) {
        return fetched(name, stack, "video", url, status, error);
    }

    private static Probe fetched(String name, DevStack stack, String type, String url, int status, String error) {
        byte[] body = body(root -> {
            root.put("response_type", "immediate");
            replaceElement(root, type).put("source", url);
        });
        return new Probe(name, stack, "POST", "/v1/videocreate", jsonHeaders(), body, Stage.FETCH, status,
                status == 400 ? "elements[0].source" : null, error);
    }

    /** A probe's value as it appears in its name: control characters escaped, long values cut. */
    private static String shown(String value, int limit) {
        return printable(value.length() > limit ? value.substring(0, limit / 2) + "…(" + value.length() + " chars)"
                : value);
    }

    private static String printable(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().forEach(cp -> {
            if (Character.isISOControl(cp) || Character.getType(cp) == Character.SURROGATE) {
                out.append(String.format(Locale.ROOT, "\\u%04x", cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        return out.toString();
    }

    // ---- sending and checking -----------------------------------------------------------------------------------

    private static void check(Probe probe) throws Exception {
        if (probe.name().startsWith("Idempotency-Key reused")) {
            createJobWithKey("bad-input-suite-reused-key");
        }
        long[] before = rows(probe.stack());
        RawHttp.Response response = RawHttp.send(URI.create(probe.stack().apiUrl()), probe.method(), probe.path(),
                probe.headers(), probe.body());
        long[] after = rows(probe.stack());
        OpenApiContract.served().check(probe.method(), probe.path(), response.status(),
                response.headers().get("content-type"), response.body());
        figures.record(response.status());
        String context = probe.name() + " -> " + response.status() + " " + abbreviated(response.body());

        assertThat(response.status()).as("never a 5xx: " + context).isLessThan(500);
        assertThat(response.status()).as(context).isEqualTo(probe.status());
        JsonNode body = JSON.readTree(response.body().isEmpty() ? "{}" : response.body());

        switch (probe.stage()) {
            case VALIDATION -> {
                assertThat(body.path("error").asText()).as(context).isEqualTo(probe.error());
                if (probe.status() == 400) {
                    assertNamesFields(body, probe.field(), context);
                } else {
                    assertThat(body.path("field").asText()).as("names what it is about: " + context).isNotBlank();
                }
                assertThat(after).as("no row written for " + context).containsExactly(before);
                figures.rejectedWithoutRows++;
            }
            case FETCH -> {
                String jobId = body.path("job_id").asText();
                assertThat(body.path("status").asText()).as(context).isEqualTo("failed");
                assertThat(body.path("error").asText()).as(context).isEqualTo(probe.error());
                if (probe.status() == 400) {
                    assertNamesFields(body, probe.field(), context);
                } else {
                    assertThat(body.path("message").asText()).as("names the element: " + context)
                            .startsWith("elements[0] (");
                }
                assertThat(after[0] - before[0]).as("one job row for " + context).isEqualTo(1);
                JsonNode row = jobRow(probe.stack(), jobId);
                assertThat(row.path("status").asText()).as(context).isEqualTo("failed");
                assertThat(row.path("error_code").asText()).as(context).isEqualTo(probe.error());
                assertThat(row.path("s3_key").isNull()).as("no result for " + context).isTrue();
                if (probe.error().equals("INVALID_INPUT")) {
                    figures.refusedAtFetch++;
                    if (probe.stack() == loopbackAllowed) {
                        figures.refusedBySniffOrRedirect++;
                    }
                } else {
                    figures.failedAtFetch++;
                }
            }
            case RENDERED -> {
                assertThat(body.path("status").asText()).as(context).isEqualTo("completed");
                assertThat(jobRow(probe.stack(), body.path("job_id").asText()).path("status").asText())
                        .isEqualTo("completed");
                figures.renderedLiterally++;
            }
        }
    }

    private static void assertNamesFields(JsonNode body, String expected, String context) {
        assertThat(body.path("error").asText()).as(context).isEqualTo("INVALID_INPUT");
        JsonNode details = body.path("details");
        assertThat(details.isArray() && !details.isEmpty()).as("details listed: " + context).isTrue();
        List<String> fields = new ArrayList<>();
        for (JsonNode detail : details) {
            assertThat(detail.path("field").asText()).as("each detail names a field: " + context).isNotBlank();
            assertThat(detail.path("message").asText()).as(context).isNotBlank();
            fields.add(detail.path("field").asText());
        }
        if (expected != null) {
            assertThat(fields).as(context).contains(expected);
        }
    }

    private static void createJobWithKey(String key) throws IOException {
        Map<String, String> headers = jsonHeaders();
        headers.put("Idempotency-Key", key);
        RawHttp.Response first = RawHttp.send(URI.create(production.apiUrl()), "POST", "/v1/videocreate", headers,
                validBody().getBytes(StandardCharsets.UTF_8));
        assertThat(first.status()).as(first.body()).isIn(200, 202);
    }

    private static long[] rows(DevStack stack) {
        return stack.service().database().withConnection(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "select (select count(*) from jobs), (select count(*) from elements)");
                 ResultSet result = statement.executeQuery()) {
                result.next();
                return new long[] {result.getLong(1), result.getLong(2)};
            }
        });
    }

    private static JsonNode jobRow(DevStack stack, String jobId) {
        return stack.service().database().withConnection(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "select status::text, error_code, s3_key from jobs where job_id = ?")) {
                statement.setString(1, jobId);
                try (ResultSet result = statement.executeQuery()) {
                    ObjectNode row = JSON.createObjectNode();
                    if (result.next()) {
                        row.put("status", result.getString(1));
                        row.put("error_code", result.getString(2));
                        row.put("s3_key", result.getString(3));
                    }
                    return row;
                }
            }
        });
    }

    private static String abbreviated(String text) {
        return text.length() > 400 ? text.substring(0, 400) + "…" : text;
    }

    /** Counts for the figures line. */
    static final class Figures {
        long started;
        double stackSeconds;
        int tried;
        final Map<Integer, Integer> byStatus = new TreeMap<>();
        int rejectedWithoutRows;
        int refusedAtFetch;
        int refusedBySniffOrRedirect;
        int failedAtFetch;
        int renderedLiterally;

        synchronized void record(int status) {
            tried++;
            byStatus.merge(status, 1, Integer::sum);
        }

        String line() {
            int fourXx = byStatus.entrySet().stream().filter(e -> e.getKey() >= 400 && e.getKey() < 500)
                    .mapToInt(Map.Entry::getValue).sum();
            int fiveXx = byStatus.entrySet().stream().filter(e -> e.getKey() >= 500)
                    .mapToInt(Map.Entry::getValue).sum();
            StringBuilder statuses = new StringBuilder();
            byStatus.forEach((status, count) -> {
                if (status >= 400 && status < 500) {
                    statuses.append(statuses.isEmpty() ? "" : ", ").append(status).append(": ").append(count);
                }
            });
            double seconds = started == 0 ? 0 : (System.nanoTime() - started) / 1e9;
            return String.format(Locale.ROOT, "bad-input suite: %d requests tried; 4xx %d (%s); 5xx %d; "
                            + "rejected at validation with zero rows %d; refused at fetch with the job ended "
                            + "INVALID_INPUT %d (%d of them by content sniffing or redirect checks with loopback "
                            + "allowed); failed at fetch with SOURCE_DOWNLOAD_FAILED %d; hostile but valid text "
                            + "rendered literally %d; %.1f s (after %.1f s starting the two stacks)",
                    tried, fourXx, statuses, fiveXx, rejectedWithoutRows, refusedAtFetch, refusedBySniffOrRedirect,
                    failedAtFetch, renderedLiterally, seconds, stackSeconds);
        }
    }
}
