package dev.videogen.engine.captions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SubtitleParserTest {

    @Test
    void srtWithIndexesCommasAndHoursGivesEachCueItsTimesAndLines() throws Exception {
        List<Cue> cues = SubtitleParser.parse("""
                1
                00:00:01,000 --> 00:00:02,500
                Hello there
                second line

                2
                01:02:03,004 --> 01:02:04,000
                <i>Later</i> on
                """);
        assertThat(cues).hasSize(2);
        assertThat(cues.get(0)).isEqualTo(new Cue(1.0, 2.5, "Hello there\nsecond line", List.of()));
        assertThat(cues.get(1).start()).isEqualTo(3723.004);
        assertThat(cues.get(1).text()).isEqualTo("Later on");
    }

    @Test
    void byteOrderMarkAndCarriageReturnsAreAccepted() throws Exception {
        byte[] bytes = "\uFEFF1\r\n00:00:00.500 --> 00:00:01.000\r\nDot times\r\n\r\n".getBytes(StandardCharsets.UTF_8);
        assertThat(SubtitleParser.parse(bytes)).containsExactly(new Cue(0.5, 1.0, "Dot times", List.of()));
    }

    @Test
    void webVttHeaderNotesStylesIdentifiersAndCueSettingsAreSkipped() throws Exception {
        List<Cue> cues = SubtitleParser.parse("""
                WEBVTT - a title

                NOTE this is a comment
                spanning lines

                STYLE
                ::cue { color: red }

                intro
                00:01.000 --> 00:02.000 align:start position:10% line:0
                <v Roger>Short &amp; sweet &lt;3</v>

                00:00:03.000 --> 00:00:04.000
                <c.yellow><b>Bold</b></c> {\\an8}text
                """);
        assertThat(cues).extracting(Cue::text).containsExactly("Short & sweet <3", "Bold text");
        assertThat(cues.get(0).start()).isEqualTo(1.0);
        assertThat(cues.get(1).end()).isEqualTo(4.0);
    }

    @Test
    void webVttInlineTimestampsTimeEachWord() throws Exception {
        List<Cue> cues = SubtitleParser.parse("""
                WEBVTT

                00:00:01.000 --> 00:00:03.000
                Never <00:00:01.500>drink <00:00:02.000>liquid <00:00:02.500>nitrogen
                """);
        assertThat(cues.get(0).text()).isEqualTo("Never drink liquid nitrogen");
        assertThat(cues.get(0).words()).containsExactly(
                new Cue.Word(1.0, 1.5, "Never"), new Cue.Word(1.5, 2.0, "drink"),
                new Cue.Word(2.0, 2.5, "liquid"), new Cue.Word(2.5, 3.0, "nitrogen"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "1\\n00:00:01,000 -> 00:00:02,000\\nx|line 2: expected a cue timing",
        "00:00:02,000 --> 00:00:01,000\\nbackwards|ends (00:00:01,000) before it starts",
        "00:00:01,000 --> 00:00:02,000 |holds no cues",
        "hello world\\nnot subtitles|line 2: expected a cue timing",
        "00:61:00,000 --> 00:62:00,000\\nx|minutes or seconds over 59",
        "|holds no cues"})
    void filesThatDoNotParseSayWhereAndWhy(String content, String expected) {
        assertThatThrownBy(() -> SubtitleParser.parse(content == null ? "" : content.replace("\\n", "\n")))
                .isInstanceOf(SubtitleFormatException.class).hasMessageContaining(expected);
    }

    @Test
    void aFileOverOneMebibyteIsRefusedBeforeParsing() {
        byte[] large = new byte[SubtitleParser.MAX_BYTES + 1];
        assertThatThrownBy(() -> SubtitleParser.parse(large)).hasMessageContaining("over the limit of 1048576 bytes");
    }

    @Test
    void moreThanTenThousandCuesAreRefused() {
        StringBuilder srt = new StringBuilder();
        for (int i = 0; i <= SubtitleParser.MAX_CUES; i++) {
            srt.append(i + 1).append('\n').append(String.format("00:%02d:%02d,000 --> 00:%02d:%02d,500%nx%n%n",
                    (i / 60) % 60, i % 60, (i / 60) % 60, i % 60));
        }
        assertThatThrownBy(() -> SubtitleParser.parse(srt.toString())).hasMessageContaining("more than 10000 cues");
    }

    @Test
    void invalidUtf8IsRefused() {
        assertThatThrownBy(() -> SubtitleParser.parse(new byte[] {(byte) 0xC3, (byte) 0x28}))
                .hasMessageContaining("not UTF-8");
    }
}
