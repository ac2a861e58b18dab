package dev.videogen.engine.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.videogen.engine.model.CompositionRequest;
import dev.videogen.engine.motion.Animation;
import dev.videogen.engine.motion.Easing;
import dev.videogen.engine.motion.Edge;
import dev.videogen.engine.motion.Motion;
import dev.videogen.engine.motion.MotionProperty;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MotionFieldsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RequestParser API = RequestParser.forApi();
    private static final String IMAGE = "\"type\": \"image\", \"source\": \"https://media.example.com/a.png\"";
    private static final String VIDEO = "\"type\": \"video\", \"source\": \"https://media.example.com/a.mp4\"";

    private static CompositionRequest parse(String elements) throws Exception {
        return API.parse(JSON.readTree("{\"width\": 640, \"height\": 360, \"duration\": 5, \"elements\": ["
                + elements + "]}"));
    }

    private static List<FieldProblem> problems(String elements) {
        try {
            parse(elements);
        } catch (InvalidRequestException e) {
            return e.problems();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("expected the request to be refused: " + elements);
    }

    @Test
    void anElementWithoutMotionFieldsHasNoMotion() throws Exception {
        assertThat(parse("{" + IMAGE + "}").elements().get(0).motion()).isSameAs(Motion.NONE);
    }

    @Test
    void everyMotionFieldIsReadWithItsDefaults() throws Exception {
        Motion motion = parse("""
                {%s, "track": 1},
                {%s, "time": 2, "track": 1, "duration": 3, "fade_in": 0.5, "fade_out": 1,
                 "keyframes": {"x": [{"time": 0, "value": "10%%"}, {"time": 1, "value": 40, "easing": "ease"}],
                               "volume": [{"time": 0, "value": 0}, {"time": 2, "value": 1.5}]},
                 "animations": [{"type": "fade"}, {"type": "wipe", "at": "end", "from": "top", "duration": 0.8}],
                 "ken_burns": {"zoom_end": 1.4, "focus_start": ["20%%", "30%%"]},
                 "transition": {"type": "circleopen"}}""".formatted(IMAGE, VIDEO)).elements().get(1).motion();
        var x = motion.keyframes().get(MotionProperty.X);
        assertThat(x).hasSize(2);
        assertThat(x.get(0).percent()).isTrue();
        assertThat(x.get(0).easing()).isEqualTo(Easing.LINEAR);
        assertThat(x.get(1).value()).isEqualTo(40);
        assertThat(x.get(1).easing()).isEqualTo(Easing.EASE);
        assertThat(motion.keyframes().get(MotionProperty.VOLUME).get(1).value()).isEqualTo(1.5);
        assertThat(motion.animations()).containsExactly(
                new Animation(Animation.Type.FADE, true, 0.5, Easing.EASE_OUT, Edge.LEFT),
                new Animation(Animation.Type.WIPE, false, 0.8, Easing.EASE_IN, Edge.TOP));
        assertThat(motion.kenBurns().zoomStart()).isEqualTo(1);
        assertThat(motion.kenBurns().zoomEnd()).isEqualTo(1.4);
        assertThat(motion.kenBurns().focusEndX()).isEqualTo(20);
        assertThat(motion.kenBurns().focusEndY()).isEqualTo(30);
        assertThat(motion.transition().type()).isEqualTo("circleopen");
        assertThat(motion.transition().duration()).isEqualTo(1);
        assertThat(motion.fadeIn()).isEqualTo(0.5);
        assertThat(motion.fadeOut()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            keyframes out of order       | {IMAGE, "keyframes": {"x": [{"time": 1, "value": 0}, {"time": 0.5, "value": 9}]}}                   | elements[0].keyframes.x[1].time
            keyframe at the same time    | {IMAGE, "keyframes": {"y": [{"time": 1, "value": 0}, {"time": 1, "value": 9}]}}                     | elements[0].keyframes.y[1].time
            keyframe without a time      | {IMAGE, "keyframes": {"x": [{"value": 0}]}}                                                          | elements[0].keyframes.x[0].time
            keyframe without a value     | {IMAGE, "keyframes": {"x": [{"time": 0}]}}                                                           | elements[0].keyframes.x[0].value
            opacity out of range         | {IMAGE, "keyframes": {"opacity": [{"time": 0, "value": 1.5}]}}                                       | elements[0].keyframes.opacity[0].value
            scale out of range           | {IMAGE, "keyframes": {"scale": [{"time": 0, "value": 0}]}}                                           | elements[0].keyframes.scale[0].value
            width of zero                | {IMAGE, "keyframes": {"width": [{"time": 0, "value": 0}]}}                                           | elements[0].keyframes.width[0].value
            volume on an image           | {IMAGE, "keyframes": {"volume": [{"time": 0, "value": 1}]}}                                          | elements[0].keyframes.volume
            unknown property             | {IMAGE, "keyframes": {"blur": [{"time": 0, "value": 1}]}}                                            | elements[0].keyframes.blur
            unknown easing               | {IMAGE, "keyframes": {"x": [{"time": 0, "value": 1, "easing": "bounce"}]}}                           | elements[0].keyframes.x[0].easing
            unknown keyframe field       | {IMAGE, "keyframes": {"x": [{"time": 0, "value": 1, "ease": "linear"}]}}                             | elements[0].keyframes.x[0].ease
            empty keyframe list          | {IMAGE, "keyframes": {"x": []}}                                                                      | elements[0].keyframes.x
            unknown preset               | {IMAGE, "animations": [{"type": "bounce"}]}                                                          | elements[0].animations[0].type
            preset without a type        | {IMAGE, "animations": [{"at": "start"}]}                                                             | elements[0].animations[0].type
            preset at the middle         | {IMAGE, "animations": [{"type": "fade", "at": "middle"}]}                                            | elements[0].animations[0].at
            preset of no length          | {IMAGE, "animations": [{"type": "fade", "duration": 0}]}                                             | elements[0].animations[0].duration
            edge on a fade               | {IMAGE, "animations": [{"type": "fade", "from": "left"}]}                                            | elements[0].animations[0].from
            unknown edge                 | {IMAGE, "animations": [{"type": "slide", "from": "middle"}]}                                         | elements[0].animations[0].from
            preset and keyframes         | {IMAGE, "keyframes": {"opacity": [{"time": 0, "value": 1}]}, "animations": [{"type": "fade"}]}      | elements[0].animations[0]
            two presets on one property  | {IMAGE, "animations": [{"type": "zoom"}, {"type": "spin"}]}                                          | elements[0].animations[1]
            animations on sound          | {"type": "audio", "source": "https://a.example/s.mp3", "animations": [{"type": "fade"}]}            | elements[0].animations
            ken burns zoom below one     | {IMAGE, "ken_burns": {"zoom_start": 0.5}}                                                            | elements[0].ken_burns.zoom_start
            ken burns focus outside      | {IMAGE, "ken_burns": {"focus_end": ["50%", "120%"]}}                                                 | elements[0].ken_burns.focus_end[1]
            ken burns on an overlay      | {"type": "overlay", "source": "https://a.example/o.png", "ken_burns": {}}                            | elements[0].ken_burns
            unknown transition           | {IMAGE, "transition": {"type": "explode"}}                                                           | elements[0].transition.type
            transition of no length      | {IMAGE, "transition": {"type": "fade", "duration": 0}}                                               | elements[0].transition.duration
            transition not an object     | {IMAGE, "transition": "fade"}                                                                        | elements[0].transition
            fade on an image             | {IMAGE, "fade_in": 1}                                                                                | elements[0].fade_in
            negative fade out            | {VIDEO, "fade_out": -1}                                                                              | elements[0].fade_out
            """)
    void badMotionFieldsAreRefusedNamingTheExactField(String name, String element, String field) {
        String json = element.replace("IMAGE", IMAGE).replace("VIDEO", VIDEO);
        assertThat(problems(json)).extracting(FieldProblem::field).contains(field);
    }

    @Test
    void aTransitionOverAnElementThatHasEndedIsRefused() {
        List<FieldProblem> problems = problems("""
                {%s, "track": 1, "duration": 1.5},
                {%s, "track": 1, "time": 1, "transition": {"type": "fade", "duration": 1}}""".formatted(IMAGE, IMAGE));
        assertThat(problems).extracting(FieldProblem::field).containsExactly("elements[1].transition");
        assertThat(problems.get(0).message()).contains("elements[0]").contains("2 s").contains("1.5 s");
    }

    @Test
    void aTransitionLongerThanItsElementIsRefused() {
        assertThat(problems("{%s, \"duration\": 0.5, \"transition\": {\"type\": \"fade\"}}".formatted(IMAGE)))
                .extracting(FieldProblem::field).containsExactly("elements[0].transition.duration");
    }

    @Test
    void aTransitionWithNothingBeforeItOnItsTrackComesInOverWhatIsBelow() throws Exception {
        assertThat(parse("{%s, \"transition\": {\"type\": \"wipeleft\"}}".formatted(IMAGE)).elements().get(0)
                .motion().transition().type()).isEqualTo("wipeleft");
    }
}
