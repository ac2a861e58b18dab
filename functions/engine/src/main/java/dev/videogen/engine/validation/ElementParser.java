package dev.videogen.engine.validation;

import static dev.videogen.engine.validation.JsonFields.bool;
import static dev.videogen.engine.validation.JsonFields.durationField;
import static dev.videogen.engine.validation.JsonFields.enumField;
import static dev.videogen.engine.validation.JsonFields.format;
import static dev.videogen.engine.validation.JsonFields.intField;
import static dev.videogen.engine.validation.JsonFields.length;
import static dev.videogen.engine.validation.JsonFields.millis;
import static dev.videogen.engine.validation.JsonFields.number;
import static dev.videogen.engine.validation.JsonFields.present;

import com.fasterxml.jackson.databind.JsonNode;
import dev.videogen.engine.model.CaptionOptions;
import dev.videogen.engine.model.Element;
import dev.videogen.engine.model.ElementType;
import dev.videogen.engine.model.FitMode;
import dev.videogen.engine.model.Length;
import dev.videogen.engine.motion.Motion;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads the {@code elements} array: each element's fields, which of them apply to its type, and unique ids. */
final class ElementParser {

    private static final Set<String> ELEMENT_FIELDS = Set.of(
            "id", "type", "source", "text", "track", "time", "duration", "duration_mode", "trim_start", "trim_end",
            "x", "y", "width", "height", "fit_mode", "opacity", "volume", "loop", "font_size", "font_family",
            "color", "background_color", "text_align", "keyframes", "animations", "ken_burns", "transition",
            "fade_in", "fade_out", "font_weight", "font_style", "font_url", "line_height", "letter_spacing",
            "vertical_align", "stroke_color", "stroke_width", "shadow_color", "shadow_x", "shadow_y", "shadow_blur",
            "background_padding", "background_radius", "captions", "max_lines", "highlight_color",
            "highlight_background");
    private static final Set<String> VISUAL_FIELDS = Set.of("x", "y", "width", "height", "fit_mode", "opacity");
    private static final Set<String> TIMED_MEDIA_FIELDS = Set.of("trim_start", "trim_end", "volume", "loop");
    private static final Set<String> TEXT_FIELDS = Set.of("font_size", "font_family", "color",
            "background_color", "text_align", "font_weight", "font_style", "font_url", "line_height",
            "letter_spacing", "vertical_align", "stroke_color", "stroke_width", "shadow_color", "shadow_x", "shadow_y",
            "shadow_blur", "background_padding", "background_radius");
    private static final Set<String> CAPTION_FIELDS = Set.of("captions", "max_lines", "highlight_color",
            "highlight_background");

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.:-]{1," + Limits.MAX_ID_LENGTH + "}");

    private final SourceRules sources;

    ElementParser(SourceRules sources) {
        this.sources = sources;
    }

    List<Element> elements(JsonNode node, Problems problems) {
        List<Element> elements = new ArrayList<>();
        if (node == null || node.isNull()) {
            problems.add("elements", "is required: an array of 1 to " + Limits.MAX_ELEMENTS + " elements");
            return elements;
        }
        if (!node.isArray()) {
            problems.add("elements", "must be an array of 1 to " + Limits.MAX_ELEMENTS + " elements");
            return elements;
        }
        if (node.isEmpty()) {
            problems.add("elements", "must contain at least one element");
            return elements;
        }
        if (node.size() > Limits.MAX_ELEMENTS) {
            problems.add("elements", "must contain at most " + Limits.MAX_ELEMENTS + " elements; got " + node.size());
            return elements;
        }
        Set<String> ids = new HashSet<>();
        for (int index = 0; index < node.size(); index++) {
            Element element = element(node.get(index), index, problems);
            JsonNode idNode = node.get(index).get("id");
            String id = idNode != null && idNode.isTextual() ? idNode.asText() : "el_" + index;
            if (!ids.add(id)) {
                problems.add("elements[" + index + "].id", "duplicates the id of an earlier element: " + id);
            } else if (element != null) {
                elements.add(element);
            }
        }
        TransitionRules.check(elements, problems);
        return elements;
    }

    private Element element(JsonNode node, int index, Problems problems) {
        String path = "elements[" + index + "]";
        if (node == null || !node.isObject()) {
            problems.add(path, "must be an object");
            return null;
        }
        int before = problems.size();
        JsonFields.rejectUnknownFields(node, ELEMENT_FIELDS, path + ".", problems);

        String id = "el_" + index;
        JsonNode idNode = node.get("id");
        if (idNode != null && !idNode.isNull()) {
            if (!idNode.isTextual() || !ID.matcher(idNode.asText()).matches()) {
                problems.add(path + ".id", "must be 1 to " + Limits.MAX_ID_LENGTH
                        + " characters of letters, digits, '_', '-', '.' or ':'");
            } else {
                id = idNode.asText();
            }
        }

        JsonNode typeNode = node.get("type");
        ElementType type = null;
        if (typeNode == null || typeNode.isNull()) {
            problems.add(path + ".type", "is required: one of video, image, audio, text, overlay, caption");
        } else if (!typeNode.isTextual() || ElementType.fromWireName(typeNode.asText()).isEmpty()) {
            problems.add(path + ".type", "must be one of video, image, audio, text, overlay, caption");
        } else {
            type = ElementType.fromWireName(typeNode.asText()).orElseThrow();
        }
        if (type == null) {
            return null;
        }
        rejectInapplicableFields(node, type, path, problems);

        String source = null;
        if (type.needsSource()) {
            source = sources.source(node.get("source"), path + ".source", problems);
        } else if (type == ElementType.CAPTION && present(node, "source")) {
            source = sources.source(node.get("source"), path + ".source", problems);
        } else if (present(node, "source")) {
            problems.add(path + ".source", "does not apply to text elements");
        }
        CaptionOptions captions = type == ElementType.CAPTION
                ? CaptionFields.read(node, path, present(node, "source"), problems) : null;

        String text = null;
        if (type == ElementType.TEXT) {
            text = TextFields.text(node.get("text"), path + ".text", problems);
        }

        int track = intField(node, "track", path + ".track", index + 1, 0, Limits.MAX_TRACK, problems);
        double time = millis(number(node, "time", path + ".time", 0, 0, Limits.MAX_TIME_SECONDS, problems));
        OptionalDouble duration = durationField(node.get("duration"), path + ".duration", Limits.MAX_OUTPUT_SECONDS,
                problems);
        JsonNode durationMode = node.get("duration_mode");
        if (durationMode != null && !durationMode.isNull()) {
            if (!durationMode.isTextual() || !"auto".equals(durationMode.asText())) {
                problems.add(path + ".duration_mode", "must be \"auto\" (give a number in duration for a fixed length)");
            } else if (duration.isPresent()) {
                problems.add(path + ".duration_mode", "\"auto\" contradicts the numeric duration "
                        + format(duration.getAsDouble()) + "; send one or the other");
            }
        }

        double trimStart = millis(number(node, "trim_start", path + ".trim_start", 0, 0, Limits.MAX_TIME_SECONDS,
                problems));
        OptionalDouble trimEnd = OptionalDouble.empty();
        if (present(node, "trim_end")) {
            double end = millis(number(node, "trim_end", path + ".trim_end", 0, 0, Limits.MAX_TIME_SECONDS, problems));
            if (end <= trimStart) {
                problems.add(path + ".trim_end", "must be greater than trim_start (" + format(trimStart) + ")");
            } else {
                trimEnd = OptionalDouble.of(end);
            }
        }

        boolean caption = type == ElementType.CAPTION;
        Length x = length(node, "x", path + ".x", Length.percent(caption ? 5 : 0), true, problems);
        Length y = length(node, "y", path + ".y", Length.percent(caption ? 75 : 0), true, problems);
        Length width = length(node, "width", path + ".width", Length.percent(caption ? 90 : 100), false, problems);
        Length height = length(node, "height", path + ".height", Length.percent(caption ? 20 : 100), false,
                problems);
        FitMode fitMode = enumField(node, "fit_mode", path + ".fit_mode", FitMode.AUTO, FitMode::fromWireName,
                "auto, contain, cover, fill, stretch", problems);
        double opacity = number(node, "opacity", path + ".opacity", 1, 0, 1, problems);
        double volume = number(node, "volume", path + ".volume", 1, 0, Limits.MAX_VOLUME, problems);
        boolean loop = bool(node, "loop", path + ".loop", false, problems);

        TextFields.Style style = TextFields.style(node, path, sources, problems);
        Motion motion = MotionFields.read(node, type, path, problems);

        if (problems.size() > before) {
            return null;
        }
        return new Element(id, index, type, source, text, track, time, duration, trimStart, trimEnd, x, y, width,
                height, fitMode, opacity, volume, loop, style.fontSize(), style.fontFamily(), style.color(),
                style.backgroundColor(), style.textAlign(), motion, style.options(), captions);
    }

    private static void rejectInapplicableFields(JsonNode node, ElementType type, String path, Problems problems) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (node.get(name).isNull()) {
                continue;
            }
            boolean applies = true;
            if (VISUAL_FIELDS.contains(name) && !type.visual()) {
                applies = false;
            } else if (TIMED_MEDIA_FIELDS.contains(name) && !type.timedMedia()) {
                applies = false;
            } else if (TEXT_FIELDS.contains(name) && type != ElementType.TEXT && type != ElementType.CAPTION) {
                applies = false;
            } else if ("text".equals(name) && type != ElementType.TEXT) {
                applies = false;
            } else if (CAPTION_FIELDS.contains(name) && type != ElementType.CAPTION) {
                applies = false;
            } else if (MotionFields.FIELDS.contains(name) && !MotionFields.applies(name, type)) {
                applies = false;
            }
            if (!applies) {
                problems.add(path + "." + name, "does not apply to " + type.wireName() + " elements");
            }
        }
    }
}
