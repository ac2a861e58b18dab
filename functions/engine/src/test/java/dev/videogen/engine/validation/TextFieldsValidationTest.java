package dev.videogen.engine.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.videogen.engine.model.CompositionRequest;
import dev.videogen.engine.model.Element;
import dev.videogen.engine.model.ElementType;
import dev.videogen.engine.model.VerticalAlign;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The version 1.1 text and caption fields: defaults, and a 400 naming the exact field for each bad value. */
class TextFieldsValidationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RequestParser API = RequestParser.forApi();

    private static CompositionRequest parse(String elementJson) throws Exception {
        return API.parse(JSON.readTree("{\"width\":64,\"height\":64,\"duration\":1,\"elements\":[" + elementJson
                + "]}"));
    }

    private static List<String> fields(String elementJson) {
        try {
            parse(elementJson);
            return List.of();
        } catch (InvalidRequestException e) {
            return e.problems().stream().map(FieldProblem::field).toList();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void defaultsFollowTheContract() throws Exception {
        Element text = parse("{\"type\":\"text\",\"text\":\"a\"}").elements().get(0);
        assertThat(text.textOptions().lineHeight()).isEqualTo(1.2);
        assertThat(text.textOptions().verticalAlign()).isEqualTo(VerticalAlign.MIDDLE);
        assertThat(text.textOptions().autoSize()).isFalse();
        Element caption = parse("{\"type\":\"caption\",\"captions\":[{\"start\":0,\"end\":1,\"text\":\"a\"}]}")
                .elements().get(0);
        assertThat(caption.type()).isEqualTo(ElementType.CAPTION);
        assertThat(caption.x().wireForm()).isEqualTo("5%");
        assertThat(caption.y().wireForm()).isEqualTo("75%");
        assertThat(caption.width().wireForm()).isEqualTo("90%");
        assertThat(caption.height().wireForm()).isEqualTo("20%");
        assertThat(caption.captions().maxLines()).isEqualTo(2);
        assertThat(caption.captions().highlightColor().hexRgb()).isEqualTo("#FFD700");
    }

    @Test
    void everyNewFieldIsAccepted() throws Exception {
        Element text = parse("""
                {"type":"text","text":"a","font_size":"auto","font_weight":"bold","font_style":"italic",
                 "font_url":"https://fonts.example/f.ttf","line_height":1.5,"letter_spacing":2,"vertical_align":"top",
                 "stroke_color":"#000000","stroke_width":"1%","shadow_color":"#00000080","shadow_x":2,"shadow_y":-3,
                 "shadow_blur":4,"background_color":"#FF0000","background_padding":8,"background_radius":6,
                 "font_family":"Noto Sans Devanagari"}""").elements().get(0);
        assertThat(text.textOptions().autoSize()).isTrue();
        assertThat(text.textOptions().bold()).isTrue();
        assertThat(text.textOptions().italic()).isTrue();
        assertThat(text.textOptions().fontUrl()).isEqualTo("https://fonts.example/f.ttf");
        assertThat(text.textOptions().strokeWidth().toPixels(200)).isEqualTo(2);
        assertThat(text.textOptions().shadowY()).isEqualTo(-3);
        assertThat(text.fontFamily()).isEqualTo("Noto Sans Devanagari");
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "{\"type\":\"text\",\"text\":\"a\",\"font_size\":\"big\"}|elements[0].font_size",
        "{\"type\":\"text\",\"text\":\"a\",\"font_weight\":\"600\"}|elements[0].font_weight",
        "{\"type\":\"text\",\"text\":\"a\",\"font_style\":\"oblique\"}|elements[0].font_style",
        "{\"type\":\"text\",\"text\":\"a\",\"font_url\":\"ftp://x/f.ttf\"}|elements[0].font_url",
        "{\"type\":\"text\",\"text\":\"a\",\"line_height\":0}|elements[0].line_height",
        "{\"type\":\"text\",\"text\":\"a\",\"letter_spacing\":\"2px\"}|elements[0].letter_spacing",
        "{\"type\":\"text\",\"text\":\"a\",\"vertical_align\":\"center\"}|elements[0].vertical_align",
        "{\"type\":\"text\",\"text\":\"a\",\"stroke_color\":\"black\"}|elements[0].stroke_color",
        "{\"type\":\"text\",\"text\":\"a\",\"stroke_width\":-1}|elements[0].stroke_width",
        "{\"type\":\"text\",\"text\":\"a\",\"shadow_blur\":101}|elements[0].shadow_blur",
        "{\"type\":\"text\",\"text\":\"a\",\"background_radius\":-2}|elements[0].background_radius",
        "{\"type\":\"text\",\"text\":\"a\",\"max_lines\":2}|elements[0].max_lines",
        "{\"type\":\"video\",\"source\":\"https://a.example/v.mp4\",\"stroke_width\":2}|elements[0].stroke_width",
        "{\"type\":\"caption\"}|elements[0].source",
        "{\"type\":\"caption\",\"text\":\"a\",\"captions\":[{\"start\":0,\"end\":1,\"text\":\"a\"}]}|elements[0].text",
        "{\"type\":\"caption\",\"source\":\"https://a.example/s.srt\",\"captions\":[{\"start\":0,\"end\":1,\"text\":\"a\"}]}|elements[0].captions",
        "{\"type\":\"caption\",\"captions\":[]}|elements[0].captions",
        "{\"type\":\"caption\",\"captions\":[{\"start\":2,\"end\":1,\"text\":\"a\"}]}|elements[0].captions[0].end",
        "{\"type\":\"caption\",\"captions\":[{\"end\":1,\"text\":\"a\"}]}|elements[0].captions[0].start",
        "{\"type\":\"caption\",\"captions\":[{\"start\":0,\"end\":1}]}|elements[0].captions[0].text",
        "{\"type\":\"caption\",\"captions\":[{\"start\":0,\"end\":1,\"text\":\"a\",\"style\":1}]}|elements[0].captions[0].style",
        "{\"type\":\"caption\",\"captions\":[{\"start\":0,\"end\":1,\"text\":\"a\",\"words\":[{\"start\":0.5,\"end\":0.2,\"text\":\"a\"}]}]}|elements[0].captions[0].words[0].end",
        "{\"type\":\"caption\",\"captions\":[{\"start\":0,\"end\":1,\"text\":\"a\"}],\"max_lines\":0}|elements[0].max_lines",
        "{\"type\":\"caption\",\"captions\":[{\"start\":0,\"end\":1,\"text\":\"a\"}],\"highlight_color\":\"gold\"}|elements[0].highlight_color"})
    void aBadValueIsRefusedNamingItsField(String element, String field) {
        assertThat(fields(element)).containsExactly(field);
    }
}
