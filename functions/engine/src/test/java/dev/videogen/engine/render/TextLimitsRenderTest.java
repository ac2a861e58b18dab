package dev.videogen.engine.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.videogen.engine.RenderResult;
import dev.videogen.engine.testing.Decoded;
import dev.videogen.engine.testing.RenderFixture;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The most text a request may hold renders: FFmpeg sees one picture per element, never the text. */
class TextLimitsRenderTest {

    @TempDir
    Path directory;

    @Test
    void aHundredElementsOfTwoThousandCharactersRender() throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode body = json.createObjectNode();
        body.put("width", 320);
        body.put("height", 240);
        body.put("duration", 1);
        ArrayNode elements = body.putArray("elements");
        StringBuilder text = new StringBuilder();
        String[] pieces = {"word ", "שלום ", "مرحبا ", "हिन्दी ", "ไทย ", "中文", "😀 ", "%{pts} ", "';[x] "};
        for (int i = 0; text.codePointCount(0, text.length()) < 2000; i++) {
            text.append(pieces[i % pieces.length]);
        }
        String twoThousand = new String(text.codePoints().limit(2000).toArray(), 0, 2000);
        for (int i = 0; i < 100; i++) {
            ObjectNode element = elements.addObject();
            element.put("type", "text");
            element.put("text", twoThousand);
            element.put("font_size", 8);
            element.put("x", (i % 10) * 32);
            element.put("y", (i / 10) * 24);
            element.put("width", 32);
            element.put("height", 24);
        }
        RenderFixture fixture = new RenderFixture(directory);
        RenderResult result = fixture.render(body.toString(), "hundred.mp4");
        BufferedImage frame = Decoded.frameAt(result.file(), 0.5);
        int lit = 0;
        for (int y = 0; y < 240; y += 2) {
            for (int x = 0; x < 320; x += 2) {
                int[] c = Decoded.rgb(frame, x, y);
                lit += c[0] + c[1] + c[2] > 300 ? 1 : 0;
            }
        }
        assertThat(lit).as("text drawn across the frame").isGreaterThan(500);
        assertThat(fixture.workRootIsEmpty()).isTrue();
    }
}
