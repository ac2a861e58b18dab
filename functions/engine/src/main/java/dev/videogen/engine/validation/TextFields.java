package dev.videogen.engine.validation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.videogen.engine.model.Fonts;
import dev.videogen.engine.model.Length;
import dev.videogen.engine.model.Rgba;
import dev.videogen.engine.model.TextAlign;
import dev.videogen.engine.model.TextOptions;
import dev.videogen.engine.model.VerticalAlign;

/** The fields of a text element: its literal text and how it is drawn. */
final class TextFields {

    /** How a text element's lines are drawn, every default applied. */
    record Style(Length fontSize, String fontFamily, Rgba color, Rgba backgroundColor, TextAlign textAlign,
                 TextOptions options) {
    }

    /** Largest line height, letter spacing, shadow offset or blur, padding and radius. */
    static final double MAX_LINE_HEIGHT = 10;
    static final double MAX_EFFECT_PIXELS = 1000;

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
    static Style style(JsonNode node, String path, SourceRules sources, Problems problems) {
        JsonNode sizeNode = node.get("font_size");
        boolean autoSize = sizeNode != null && sizeNode.isTextual() && "auto".equals(sizeNode.asText());
        Length fontSize = autoSize ? Length.percent(5) : fontSize(node, path + ".font_size", problems);
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
        return new Style(fontSize, fontFamily, color, backgroundColor, textAlign,
                options(node, path, autoSize, sources, problems));
    }

    private static TextOptions options(JsonNode node, String path, boolean autoSize, SourceRules sources,
                                       Problems problems) {
        TextOptions d = TextOptions.DEFAULT;
        boolean bold = JsonFields.enumField(node, "font_weight", path + ".font_weight", Boolean.FALSE,
                name -> "bold".equals(name) ? java.util.Optional.of(Boolean.TRUE)
                        : "normal".equals(name) ? java.util.Optional.of(Boolean.FALSE) : java.util.Optional.empty(),
                "normal, bold", problems);
        boolean italic = JsonFields.enumField(node, "font_style", path + ".font_style", Boolean.FALSE,
                name -> "italic".equals(name) ? java.util.Optional.of(Boolean.TRUE)
                        : "normal".equals(name) ? java.util.Optional.of(Boolean.FALSE) : java.util.Optional.empty(),
                "normal, italic", problems);
        String fontUrl = null;
        if (JsonFields.present(node, "font_url")) {
            fontUrl = sources.source(node.get("font_url"), path + ".font_url", problems);
        }
        double lineHeight = JsonFields.number(node, "line_height", path + ".line_height", d.lineHeight(), 0.1,
                MAX_LINE_HEIGHT, problems);
        double letterSpacing = JsonFields.number(node, "letter_spacing", path + ".letter_spacing", 0,
                -MAX_EFFECT_PIXELS, MAX_EFFECT_PIXELS, problems);
        VerticalAlign verticalAlign = JsonFields.enumField(node, "vertical_align", path + ".vertical_align",
                VerticalAlign.MIDDLE, VerticalAlign::fromWireName, "top, middle, bottom", problems);
        Rgba strokeColor = JsonFields.colorField(node, "stroke_color", path + ".stroke_color", Rgba.TRANSPARENT,
                true, problems);
        Length strokeWidth = strokeWidth(node, path + ".stroke_width", problems);
        Rgba shadowColor = JsonFields.colorField(node, "shadow_color", path + ".shadow_color", Rgba.TRANSPARENT,
                true, problems);
        double shadowX = JsonFields.number(node, "shadow_x", path + ".shadow_x", 0, -MAX_EFFECT_PIXELS,
                MAX_EFFECT_PIXELS, problems);
        double shadowY = JsonFields.number(node, "shadow_y", path + ".shadow_y", 0, -MAX_EFFECT_PIXELS,
                MAX_EFFECT_PIXELS, problems);
        double shadowBlur = JsonFields.number(node, "shadow_blur", path + ".shadow_blur", 0, 0, 100, problems);
        double padding = JsonFields.number(node, "background_padding", path + ".background_padding", 0, 0,
                MAX_EFFECT_PIXELS, problems);
        double radius = JsonFields.number(node, "background_radius", path + ".background_radius", 0, 0,
                MAX_EFFECT_PIXELS, problems);
        return new TextOptions(autoSize, bold, italic, fontUrl, lineHeight, letterSpacing, verticalAlign,
                strokeColor, strokeWidth, shadowColor, shadowX, shadowY, shadowBlur, padding, radius);
    }

    private static Length strokeWidth(JsonNode node, String field, Problems problems) {
        JsonNode value = node.get("stroke_width");
        if (value == null || value.isNull()) {
            return Length.pixels(0);
        }
        if (value.isTextual()) {
            var matcher = JsonFields.PERCENT.matcher(value.asText());
            if (matcher.matches()) {
                double percent = Double.parseDouble(matcher.group(1));
                if (percent >= 0 && percent <= 10) {
                    return Length.percent(percent);
                }
            }
        } else if (value.isNumber() && Double.isFinite(value.asDouble()) && value.asDouble() >= 0
                && value.asDouble() <= 100) {
            return new Length(value.asDouble(), false);
        }
        problems.add(field, "must be a number of pixels from 0 to 100 or a percentage of the output height from"
                + " \"0%\" to \"10%\"");
        return Length.pixels(0);
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
                + ", a percentage of the output height like \"5%\", or \"auto\"");
        return fallback;
    }
}
