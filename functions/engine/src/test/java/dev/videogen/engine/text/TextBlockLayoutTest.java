package dev.videogen.engine.text;

import static org.assertj.core.api.Assertions.assertThat;

import dev.videogen.engine.model.TextAlign;
import dev.videogen.engine.model.VerticalAlign;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The layout with a font where every character is as wide as the size, ascent 0.8 and descent 0.2 of it. */
class TextBlockLayoutTest {

    /** Every character (code unit) one em wide; CJK break opportunities come from the break iterator. */
    static final TextBlockLayout.Measure MONO = new TextBlockLayout.Measure() {
        @Override
        public double width(String text, double size) {
            return text.codePointCount(0, text.length()) * size;
        }

        @Override
        public double ascent(double size) {
            return 0.8 * size;
        }

        @Override
        public double descent(double size) {
            return 0.2 * size;
        }
    };

    private static TextBlockLayout.Spec spec(double size, double width, double height) {
        return new TextBlockLayout.Spec(size, 1.0, TextAlign.LEFT, VerticalAlign.TOP, 0, 0, width, height, 0);
    }

    private static List<String> lines(String text, double size, double width) {
        TextBlockLayout.Block block = TextBlockLayout.layout(text, MONO, spec(size, width, 1000));
        return block.lines().stream().map(block::lineText).toList();
    }

    @ParameterizedTest(name = "{0} in {2} px")
    @CsvSource(delimiter = '|', value = {
        "one two three|10|80|one two/three",
        "one two three|10|130|one two three",
        "one two three|10|70|one two/three",
        "one two three|10|60|one/two/three",
        "abcdefghij|10|40|abcd/efgh/ij",
        "a  b|10|10|a/b",
        "你好世界|10|20|你好/世界",
        "first\\nsecond line|10|1000|first/second line",
        "trailing spaces   |10|150|trailing spaces"})
    void wrapsAtBreakOpportunitiesAndBreaksWordsOnlyWhenTheyCannotFit(String text, double size, double width,
                                                                     String expected) {
        assertThat(lines(text.replace("\\n", "\n"), size, width)).containsExactly(expected.split("/"));
    }

    @Test
    void blankLinesInsideTheTextAreKeptAndTrailingOnesDropped() {
        assertThat(lines("a\n\nb\n\n", 10, 100)).containsExactly("a", "", "b");
    }

    @Test
    void controlCharactersAreDroppedAndTabsBecomeSpaces() {
        assertThat(TextBlockLayout.visibleText("a\tb\u0007c\u200Dd\r\ne")).isEqualTo("a bc\u200Dd\ne");
    }

    @ParameterizedTest(name = "{0}: x {1}")
    @CsvSource({"LEFT, 100", "CENTER, 135", "RIGHT, 170"})
    void linesAreAlignedInsideTheBox(TextAlign align, double x) {
        TextBlockLayout.Spec spec = new TextBlockLayout.Spec(10, 1.0, align, VerticalAlign.TOP, 100, 0, 100, 100, 0);
        TextBlockLayout.Block block = TextBlockLayout.layout("abc", MONO, spec);
        assertThat(block.lines().get(0).x()).isEqualTo(x);
        assertThat(block.lines().get(0).width()).isEqualTo(30);
    }

    @ParameterizedTest(name = "{0}: top {1}")
    @CsvSource({"TOP, 50", "MIDDLE, 85", "BOTTOM, 120"})
    void theBlockIsAlignedVerticallyWithHalfLeadingAroundTheGlyphs(VerticalAlign align, double top) {
        // two lines of 10 px at line height 1.5: 30 px of lines in a 100 px box starting at y 50
        TextBlockLayout.Spec spec = new TextBlockLayout.Spec(10, 1.5, TextAlign.LEFT, align, 0, 50, 100, 100, 0);
        TextBlockLayout.Block block = TextBlockLayout.layout("a\nb", MONO, spec);
        assertThat(block.lines().get(0).top()).isEqualTo(top);
        assertThat(block.lines().get(1).top()).isEqualTo(top + 15);
        // half-leading (15 - 10) / 2 then the ascent 8
        assertThat(block.lines().get(0).baseline()).isEqualTo(top + 2.5 + 8);
    }

    @ParameterizedTest(name = "\"{0}\" in {1}x{2}: {3} px")
    @CsvSource({
        "abc, 300, 1000, 100",
        "abc, 300, 50, 50",
        "abcdef, 300, 1000, 50",
        "ab cd, 100, 100, 50",
        "ab cd ef gh, 100, 100, 25",
        "a, 5, 5, 5",
        "toolongword, 1, 100, 1"})
    void autoSizeIsTheLargestWholeSizeThatFitsWithoutBreakingWords(String text, double width, double height, double expected) {
        TextBlockLayout.Spec spec = new TextBlockLayout.Spec(-1, 1.0, TextAlign.LEFT, VerticalAlign.TOP, 0, 0, width,
                height, 0);
        TextBlockLayout.Block block = TextBlockLayout.layout(text, MONO, spec);
        assertThat(block.fontSize()).isEqualTo(expected);
    }

    @Test
    void autoSizeNeverOverflowsTheBoxAndOnePixelMoreWould() {
        String text = "The quick brown fox jumps over the lazy dog again and again";
        for (int width = 40; width <= 400; width += 37) {
            for (int height = 20; height <= 300; height += 41) {
                TextBlockLayout.Spec spec = new TextBlockLayout.Spec(-1, 1.2, TextAlign.CENTER, VerticalAlign.MIDDLE,
                        0, 0, width, height, 0);
                TextBlockLayout.Block block = TextBlockLayout.layout(text, MONO, spec);
                double size = block.fontSize();
                if (size > 1) {
                    assertThat(block.height()).as("%dx%d at %s", width, height, size).isLessThanOrEqualTo(height);
                    for (TextBlockLayout.Line line : block.lines()) {
                        assertThat(line.width()).isLessThanOrEqualTo(width);
                    }
                }
                assertThat(TextBlockLayout.fits(text, MONO, size + 1, 1.2, width, height))
                        .as("%dx%d: %s + 1 fits too", width, height, size).isFalse();
            }
        }
    }

    @Test
    void autoSizeKeepsTheOutlineInsideTheBox() {
        TextBlockLayout.Spec plain = new TextBlockLayout.Spec(-1, 1.0, TextAlign.LEFT, VerticalAlign.TOP, 0, 0, 300,
                100, 0);
        TextBlockLayout.Spec outlined = new TextBlockLayout.Spec(-1, 1.0, TextAlign.LEFT, VerticalAlign.TOP, 0, 0, 300,
                100, 10);
        assertThat(TextBlockLayout.layout("abc", MONO, plain).fontSize()).isEqualTo(100);
        assertThat(TextBlockLayout.layout("abc", MONO, outlined).fontSize()).isEqualTo(80);
    }
}
