package dev.videogen.jobs.db;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.videogen.engine.model.Element;
import dev.videogen.engine.model.ElementType;

/** The element fields without a column of their own, kept in {@code elements.properties}. */
final class ElementProperties {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ElementProperties() {
    }

    static ObjectNode node(Element element) {
        ObjectNode properties = JSON.createObjectNode();
        if (element.type().visual()) {
            properties.put("opacity", element.opacity());
        }
        if (element.type().timedMedia()) {
            properties.put("volume", element.volume());
            properties.put("loop", element.loop());
        }
        if (element.drawsText()) {
            properties.put("font_size", element.fontSize().wireForm());
            properties.put("font_family", element.fontFamily());
            properties.put("color", element.color().ffmpegColor());
            properties.put("background_color", element.backgroundColor().ffmpegColor());
            properties.put("text_align", element.textAlign().wireName());
        }
        if (dev.videogen.jobs.Estimator.animated(element)) {
            // the estimator counts an animated still as a moving picture, in its history as in its estimates
            properties.put("animated", true);
        }
        if (element.type() == ElementType.CAPTION) {
            properties.put("max_lines", element.captions().maxLines());
            properties.put("inline_cues", element.captions().cues().size());
        }
        if (element.duration().isPresent()) {
            properties.put("duration", element.duration().getAsDouble());
        } else {
            properties.put("duration", "auto");
        }
        return properties;
    }
}
