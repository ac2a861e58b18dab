package dev.videogen.engine.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.videogen.engine.media.ContainerFormat;
import dev.videogen.engine.media.MediaInfo;
import dev.videogen.engine.model.CompositionRequest;
import dev.videogen.engine.validation.InvalidRequestException;
import dev.videogen.engine.validation.RequestParser;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class TimelineResolverTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MediaInfo TEN_SECOND_CLIP = new MediaInfo(ContainerFormat.MP4_MOV, OptionalDouble.of(10),
            640, 360, true, true, "h264", "yuv420p", false, 30);
    private static final MediaInfo FOUR_SECOND_SONG = new MediaInfo(ContainerFormat.MP3, OptionalDouble.of(4), 0, 0,
            false, true, null, null, false, 0);
    private static final MediaInfo STILL = new MediaInfo(ContainerFormat.PNG, OptionalDouble.empty(), 100, 100, true,
            false, "png", "rgba", true, 25);

    private static Timeline resolve(String elements, String root, Map<String, MediaInfo> media) throws Exception {
        CompositionRequest request = RequestParser.forApi().parse(JSON.readTree(
                "{\"width\":64,\"height\":64," + root + "\"elements\":[" + elements + "]}"));
        return TimelineResolver.resolve(request, media);
    }

    private static Map<String, MediaInfo> media(Object... idAndInfo) {
        Map<String, MediaInfo> map = new HashMap<>();
        for (int i = 0; i < idAndInfo.length; i += 2) {
            map.put((String) idAndInfo[i], (MediaInfo) idAndInfo[i + 1]);
        }
        return map;
    }

    private static final String CLIP = "{\"type\":\"video\",\"source\":\"https://a.example/c.mp4\"";

    @Test
    void autoVideoLastsItsTrimmedLengthAndSetsTheOutput() throws Exception {
        Timeline timeline = resolve(CLIP + ",\"time\":2,\"trim_start\":3,\"trim_end\":7}", "", media("el_0", TEN_SECOND_CLIP));
        assertThat(timeline.duration()).isEqualTo(6);
        TimedElement clip = timeline.elements().get(0);
        assertThat(clip.start()).isEqualTo(2);
        assertThat(clip.end()).isEqualTo(6);
        assertThat(clip.trimStart()).isEqualTo(3);
        assertThat(clip.segmentLength()).isEqualTo(4);
        assertThat(clip.passes()).isEqualTo(1);
    }

    @Test
    void trimEndPastTheSourceIsCutToTheSource() throws Exception {
        Timeline timeline = resolve(CLIP + ",\"trim_start\":8,\"trim_end\":30}", "", media("el_0", TEN_SECOND_CLIP));
        assertThat(timeline.duration()).isEqualTo(2);
    }

    @Test
    void trimStartBeyondTheSourceIsRefusedNamingTheField() {
        assertThatThrownBy(() -> resolve(CLIP + ",\"trim_start\":12}", "", media("el_0", TEN_SECOND_CLIP)))
                .isInstanceOfSatisfying(InvalidRequestException.class, e ->
                        assertThat(e.problems().get(0).field()).isEqualTo("elements[0].trim_start"));
    }

    @Test
    void imagesWithAutoDurationLastUntilTheEndOfTheOutput() throws Exception {
        Timeline timeline = resolve("{\"type\":\"audio\",\"source\":\"https://a.example/s.mp3\"},"
                        + "{\"type\":\"image\",\"source\":\"https://a.example/i.png\",\"time\":1}",
                "", media("el_0", FOUR_SECOND_SONG, "el_1", STILL));
        assertThat(timeline.duration()).isEqualTo(4);
        assertThat(timeline.elements().get(1).start()).isEqualTo(1);
        assertThat(timeline.elements().get(1).end()).isEqualTo(4);
    }

    @Test
    void anExplicitOutputDurationCutsElementsAndDropsLateOnes() throws Exception {
        Timeline timeline = resolve(CLIP + "},{\"type\":\"image\",\"source\":\"https://a.example/i.png\",\"time\":5}",
                "\"duration\":3,", media("el_0", TEN_SECOND_CLIP, "el_1", STILL));
        assertThat(timeline.duration()).isEqualTo(3);
        assertThat(timeline.elements()).hasSize(1);
        assertThat(timeline.elements().get(0).end()).isEqualTo(3);
    }

    @Test
    void loopCountsThePassesNeededToFillTheDuration() throws Exception {
        Timeline timeline = resolve("{\"type\":\"audio\",\"source\":\"https://a.example/s.mp3\",\"duration\":9,\"loop\":true}",
                "", media("el_0", FOUR_SECOND_SONG));
        assertThat(timeline.duration()).isEqualTo(9);
        assertThat(timeline.elements().get(0).passes()).isEqualTo(3);
    }

    @Test
    void elementsWithFixedDurationsGiveTheOutputItsLength() throws Exception {
        Timeline timeline = resolve("{\"type\":\"text\",\"text\":\"a\",\"time\":1,\"duration\":2.5}", "", media());
        assertThat(timeline.duration()).isEqualTo(3.5);
    }

    @Test
    void aGifWhoseElementsEndPastItsLimitIsRefusedLikeAnExplicitDuration() throws Exception {
        String loopedClip = CLIP + ",\"time\":55}";
        assertThatThrownBy(() -> resolve(loopedClip, "\"output_format\":\"gif\",", media("el_0", TEN_SECOND_CLIP)))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.problems().get(0).field()).isEqualTo("duration");
                    assertThat(e.problems().get(0).message()).contains("longest GIF of 60 s");
                });
        assertThat(resolve(CLIP + ",\"time\":50}", "\"output_format\":\"gif\",", media("el_0", TEN_SECOND_CLIP))
                .duration()).isEqualTo(60);
    }
}
