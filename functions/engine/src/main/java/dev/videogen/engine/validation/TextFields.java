package dev.videogen.engine.validation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.videogen.engine.model.Fonts;
import dev.videogen.engine.model.Length;
import dev.videogen.engine.model.Rgba;
import dev.videogen.engine.model.TextAlign;

/** The fields of a text element: its literal text and how it is drawn. */
final class TextFields {

    /** How a text element's lines are drawn, every default applied. */
    record Style(Length fontSize, String fontFamily, Rgba color, Rgba backgroundColor, TextAlign textAlign) {
    }

    private TextFields() {
    }

    /** The literal text, or {@code null} with a problem recorded against {@code field}. */
    static String text(JsonNode node, String field, Problems problems) {
        if (node == null || node.isNull()) {
            problems.add(field, "is required for text elements");
            return null;
        }
        if (!node.isTextual()) {
            problems.add(field, "must be a string");
            return null;
        }
        String value = node.asText();
        if (value.isBlank()) {
            problems.add(field, "must not be empty");
            return null;
        }
        int codePoints = value.codePointCount(0, value.length());
        if (codePoints > Limits.MAX_TEXT_CODE_POINTS) {
            problems.add(field, "must be at most " + Limits.MAX_TEXT_CODE_POINTS + " characters; got " + codePoints);
            return null;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isSurrogate(c)) {
                boolean paired = Character.isHighSurrogate(c) && i + 1 < value.length()
                        && Character.isLowSurrogate(value.charAt(i + 1));
                if (!paired) {
                    problems.add(field, "is not valid UTF-8 text (unpaired surrogate at character " + i + ")");
                    return null;
                }
                i++;
            }
        }
        return value;
    }

    /** The element's text style; {@code path} is the element's own path, e.g. {@code elements[2]}. */
    static Style style(JsonNode node, String path, Problems problems) {
        Length fontSize = fontSize(node, path + ".font_size", problems);
        String fontFamily = Fonts.DEFAULT_FAMILY;
        JsonNode family = node.get("font_family");
        if (family != null && !family.isNull()) {
            if (!family.isTextual() || !Fonts.BUNDLED.contains(family.asText())) {
                problems.add(path + ".font_family", "must be one of the bundled fonts: " + String.join(", ", Fonts.BUNDLED));
            } else {
                fontFamily = family.asText();
            }
        }
        Rgba color = JsonFields.colorField(node, "color", path + ".color", Rgba.WHITE, true, problems);
        Rgba backgroundColor = JsonFields.colorField(node, "background_color", path + ".background_color",
                Rgba.TRANSPARENT, true, problems);
        TextAlign textAlign = JsonFields.enumField(node, "text_align", path + ".text_align", TextAlign.CENTER,
                TextAlign::fromWireName, "left, center, right", problems);
        return new Style(fontSize, fontFamily, color, backgroundColor, textAlign);
    }

    private static Length fontSize(JsonNode node, String field, Problems problems) {
        Length fallback = Length.percent(5);
        JsonNode value = node.get("font_size");
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (value.isTextual()) {
            var matcher = JsonFields.PERCENT.matcher(value.asText());
            if (matcher.matches()) {
                double percent = Double.parseDouble(matcher.group(1));
                if (percent > 0 && percent <= 100) {
                    return Length.percent(percent);
                }
            }
        } else if (value.isNumber() && value.asDouble() == Math.rint(value.asDouble())
                && value.asDouble() >= 1 && value.asDouble() <= Limits.MAX_FONT_SIZE_PIXELS) {
            return Length.pixels(value.asInt());
        }
        problems.add(field, "must be a whole number of pixels from 1 to " + Limits.MAX_FONT_SIZE_PIXELS
                + " or a percentage of the output height like \"5%\"");
        return fallback;
    }
}
