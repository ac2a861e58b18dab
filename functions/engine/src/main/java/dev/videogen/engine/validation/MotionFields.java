package dev.videogen.engine.validation;

import static dev.videogen.engine.validation.JsonFields.format;
import static dev.videogen.engine.validation.JsonFields.millis;
import static dev.videogen.engine.validation.JsonFields.number;
import static dev.videogen.engine.validation.JsonFields.present;

import com.fasterxml.jackson.databind.JsonNode;
import dev.videogen.engine.model.ElementType;
import dev.videogen.engine.model.Length;
import dev.videogen.engine.motion.Animation;
import dev.videogen.engine.motion.Easing;
import dev.videogen.engine.motion.Edge;
import dev.videogen.engine.motion.KenBurns;
import dev.videogen.engine.motion.Motion;
import dev.videogen.engine.motion.Motion.RequestedKeyframe;
import dev.videogen.engine.motion.MotionProperty;
import dev.videogen.engine.motion.Transition;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The motion fields of an element ({@code keyframes}, {@code animations}, {@code ken_burns}, {@code transition},
 * {@code fade_in}, {@code fade_out}), each problem named by its exact path, e.g.
 * {@code elements[2].keyframes.x[1].time}.
 */
final class MotionFields {

    static final Set<String> FIELDS = Set.of("keyframes", "animations", "ken_burns", "transition", "fade_in",
            "fade_out");

    static final int MAX_KEYFRAMES = 100;
    static final int MAX_ANIMATIONS = 10;
    static final double MIN_SCALE = 0.01;
    static final double MAX_SCALE = 10;
    static final double MAX_ROTATION_DEGREES = 36000;
    static final double MAX_KEN_BURNS_ZOOM = 10;
    static final double MAX_TRANSITION_SECONDS = 60;

    private static final Set<String> KEYFRAME_FIELDS = Set.of("time", "value", "easing");
    private static final Set<String> ANIMATION_FIELDS = Set.of("type", "at", "duration", "easing", "from");
    private static final Set<String> KEN_BURNS_FIELDS = Set.of("zoom_start", "zoom_end", "focus_start", "focus_end",
            "easing");
    private static final Set<String> TRANSITION_FIELDS = Set.of("type", "duration");

    private MotionFields() {
    }

    /** Whether the field applies to an element of this type. */
    static boolean applies(String field, ElementType type) {
        return switch (field) {
            case "animations", "transition" -> type.visual();
            case "ken_burns" -> type == ElementType.IMAGE || type == ElementType.VIDEO;
            case "fade_in", "fade_out" -> type.timedMedia();
            default -> true;
        };
    }

    /** The element's motion; {@code path} is the element's own path, e.g. {@code elements[2]}. */
    static Motion read(JsonNode node, ElementType type, String path, Problems problems) {
        boolean any = FIELDS.stream().anyMatch(f -> present(node, f));
        if (!any) {
            return Motion.NONE;
        }
        Map<MotionProperty, List<RequestedKeyframe>> keyframes = keyframes(node.get("keyframes"), type,
                path + ".keyframes", problems);
        List<Animation> animations = animations(node.get("animations"), path + ".animations", keyframes, problems);
        KenBurns kenBurns = present(node, "ken_burns") && applies("ken_burns", type)
                ? kenBurns(node.get("ken_burns"), path + ".ken_burns", problems) : null;
        Transition transition = present(node, "transition") && applies("transition", type)
                ? transition(node.get("transition"), path + ".transition", problems) : null;
        double fadeIn = millis(number(node, "fade_in", path + ".fade_in", 0, 0, Limits.MAX_OUTPUT_SECONDS, problems));
        double fadeOut = millis(number(node, "fade_out", path + ".fade_out", 0, 0, Limits.MAX_OUTPUT_SECONDS,
                problems));
        return new Motion(keyframes, animations, kenBurns, transition, fadeIn, fadeOut);
    }

    private static Map<MotionProperty, List<RequestedKeyframe>> keyframes(JsonNode node, ElementType type, String path,
                                                                         Problems problems) {
        Map<MotionProperty, List<RequestedKeyframe>> tracks = new EnumMap<>(MotionProperty.class);
        if (node == null || node.isNull()) {
            return tracks;
        }
        if (!node.isObject()) {
            problems.add(path, "must be an object from a property to its list of keyframes");
            return tracks;
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            String field = path + "." + name;
            var property = MotionProperty.fromWireName(name);
            if (property.isEmpty()) {
                problems.add(field, "is not a property keyframes can animate: x, y, width, height, opacity, scale, "
                        + "rotation, volume");
                continue;
            }
            MotionProperty p = property.get();
            boolean applies = p == MotionProperty.VOLUME ? type.timedMedia() : type.visual();
            if (!applies) {
                problems.add(field, "does not apply to " + type.wireName() + " elements");
                continue;
            }
            List<RequestedKeyframe> list = keyframeList(node.get(name), p, field, problems);
            if (list != null) {
                tracks.put(p, list);
            }
        }
        return tracks;
    }

    private static List<RequestedKeyframe> keyframeList(JsonNode node, MotionProperty property, String path,
                                                        Problems problems) {
        if (node == null || !node.isArray() || node.isEmpty() || node.size() > MAX_KEYFRAMES) {
            problems.add(path, "must be a list of 1 to " + MAX_KEYFRAMES
                    + " keyframes like {\"time\": 0, \"value\": ...}");
            return null;
        }
        int before = problems.size();
        List<RequestedKeyframe> list = new ArrayList<>();
        double previous = -1;
        for (int i = 0; i < node.size(); i++) {
            String field = path + "[" + i + "]";
            JsonNode keyframe = node.get(i);
            if (keyframe == null || !keyframe.isObject()) {
                problems.add(field, "must be an object like {\"time\": 0, \"value\": ...}");
                continue;
            }
            JsonFields.rejectUnknownFields(keyframe, KEYFRAME_FIELDS, field + ".", problems);
            double time = -1;
            if (!present(keyframe, "time")) {
                problems.add(field + ".time", "is required: seconds from the element's start");
            } else {
                int count = problems.size();
                time = millis(number(keyframe, "time", field + ".time", 0, 0, Limits.MAX_TIME_SECONDS, problems));
                if (problems.size() == count && time <= previous) {
                    problems.add(field + ".time", "must be later than the previous keyframe's time ("
                            + format(previous) + "); keyframes go in increasing time order");
                }
                if (problems.size() == count) {
                    previous = time;
                }
            }
            RequestedKeyframe value = value(keyframe, property, field + ".value", time, problems);
            Easing easing = easing(keyframe, field + ".easing", Easing.LINEAR, problems);
            if (value != null) {
                list.add(new RequestedKeyframe(time, value.value(), value.percent(), easing));
            }
        }
        return problems.size() > before ? null : list;
    }

    private static RequestedKeyframe value(JsonNode keyframe, MotionProperty property, String field, double time,
                                           Problems problems) {
        if (!present(keyframe, "value")) {
            problems.add(field, "is required");
            return null;
        }
        int before = problems.size();
        switch (property) {
            case X, Y, WIDTH, HEIGHT -> {
                boolean position = property == MotionProperty.X || property == MotionProperty.Y;
                Length length = JsonFields.length(keyframe, "value", field, null, position, problems);
                return problems.size() > before || length == null ? null
                        : new RequestedKeyframe(time, length.value(), length.percent(), Easing.LINEAR);
            }
            default -> {
                double[] range = range(property);
                double value = number(keyframe, "value", field, 0, range[0], range[1], problems);
                return problems.size() > before ? null : new RequestedKeyframe(time, value, false, Easing.LINEAR);
            }
        }
    }

    private static double[] range(MotionProperty property) {
        return switch (property) {
            case OPACITY -> new double[] {0, 1};
            case SCALE -> new double[] {MIN_SCALE, MAX_SCALE};
            case ROTATION -> new double[] {-MAX_ROTATION_DEGREES, MAX_ROTATION_DEGREES};
            case VOLUME -> new double[] {0, Limits.MAX_VOLUME};
            default -> throw new IllegalArgumentException(property.name());
        };
    }

    private static Easing easing(JsonNode node, String field, Easing fallback, Problems problems) {
        return JsonFields.enumField(node, "easing", field, fallback, Easing::fromWireName, Easing.wireNames(),
                problems);
    }

    private static List<Animation> animations(JsonNode node, String path,
                                              Map<MotionProperty, List<RequestedKeyframe>> keyframes,
                                              Problems problems) {
        List<Animation> animations = new ArrayList<>();
        if (node == null || node.isNull()) {
            return animations;
        }
        if (!node.isArray() || node.size() > MAX_ANIMATIONS) {
            problems.add(path, "must be a list of at most " + MAX_ANIMATIONS
                    + " presets like {\"type\": \"fade\", \"at\": \"start\"}");
            return animations;
        }
        List<String> claimed = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            String field = path + "[" + i + "]";
            JsonNode preset = node.get(i);
            if (preset == null || !preset.isObject()) {
                problems.add(field, "must be an object like {\"type\": \"fade\", \"at\": \"start\"}");
                continue;
            }
            int before = problems.size();
            JsonFields.rejectUnknownFields(preset, ANIMATION_FIELDS, field + ".", problems);
            Animation.Type type = null;
            JsonNode typeNode = preset.get("type");
            if (typeNode == null || typeNode.isNull()) {
                problems.add(field + ".type", "is required: one of fade, slide, zoom, wipe, spin");
            } else {
                type = JsonFields.enumField(preset, "type", field + ".type", null, Animation.Type::fromWireName,
                        "fade, slide, zoom, wipe, spin", problems);
            }
            boolean atStart = true;
            JsonNode at = preset.get("at");
            if (at != null && !at.isNull()) {
                if (!at.isTextual() || !(at.asText().equals("start") || at.asText().equals("end"))) {
                    problems.add(field + ".at", "must be \"start\" or \"end\"");
                } else {
                    atStart = at.asText().equals("start");
                }
            }
            double duration = millis(number(preset, "duration", field + ".duration", Animation.DEFAULT_DURATION,
                    0, Limits.MAX_OUTPUT_SECONDS, problems));
            if (duration <= 0 && present(preset, "duration") && problems.size() == before) {
                problems.add(field + ".duration", "must be greater than 0 seconds");
            }
            Easing easing = easing(preset, field + ".easing", Animation.defaultEasing(atStart), problems);
            Edge from = Edge.LEFT;
            if (present(preset, "from")) {
                if (type != null && !type.hasEdge()) {
                    problems.add(field + ".from", "applies only to slide and wipe presets");
                } else {
                    from = JsonFields.enumField(preset, "from", field + ".from", Edge.LEFT, Edge::fromWireName,
                            "left, right, top, bottom", problems);
                }
            }
            if (problems.size() > before || type == null) {
                continue;
            }
            for (MotionProperty property : type.properties(from)) {
                if (keyframes.containsKey(property)) {
                    problems.add(field, "animates " + property.wireName() + ", which also has keyframes; "
                            + "give the property either keyframes or presets, not both");
                    break;
                }
                String key = property.wireName() + (atStart ? "@start" : "@end");
                if (claimed.contains(key)) {
                    problems.add(field, "animates " + property.wireName() + " at the " + (atStart ? "start" : "end")
                            + ", as an earlier preset already does");
                    break;
                }
            }
            if (type == Animation.Type.WIPE && claimed.contains("wipe" + (atStart ? "@start" : "@end"))) {
                problems.add(field, "wipes at the " + (atStart ? "start" : "end") + ", as an earlier preset already does");
            }
            if (problems.size() > before) {
                continue;
            }
            for (MotionProperty property : type.properties(from)) {
                claimed.add(property.wireName() + (atStart ? "@start" : "@end"));
            }
            if (type == Animation.Type.WIPE) {
                claimed.add("wipe" + (atStart ? "@start" : "@end"));
            }
            animations.add(new Animation(type, atStart, duration, easing, from));
        }
        return animations;
    }

    private static KenBurns kenBurns(JsonNode node, String path, Problems problems) {
        if (!node.isObject()) {
            problems.add(path, "must be an object like {\"zoom_start\": 1, \"zoom_end\": 1.2}");
            return null;
        }
        int before = problems.size();
        JsonFields.rejectUnknownFields(node, KEN_BURNS_FIELDS, path + ".", problems);
        double zoomStart = number(node, "zoom_start", path + ".zoom_start", 1, 1, MAX_KEN_BURNS_ZOOM, problems);
        double zoomEnd = number(node, "zoom_end", path + ".zoom_end", 1.2, 1, MAX_KEN_BURNS_ZOOM, problems);
        double[] focusStart = focus(node.get("focus_start"), path + ".focus_start", new double[] {50, 50}, problems);
        double[] focusEnd = focus(node.get("focus_end"), path + ".focus_end", focusStart, problems);
        Easing easing = easing(node, path + ".easing", Easing.LINEAR, problems);
        if (problems.size() > before) {
            return null;
        }
        return new KenBurns(zoomStart, zoomEnd, focusStart[0], focusStart[1], focusEnd[0], focusEnd[1], easing);
    }

    private static double[] focus(JsonNode node, String path, double[] fallback, Problems problems) {
        if (node == null || node.isNull()) {
            return fallback;
        }
        String expectation = "must be a point like [\"50%\", \"50%\"] (percent of the fitted media, 0% to 100%)";
        if (!node.isArray() || node.size() != 2) {
            problems.add(path, expectation);
            return fallback;
        }
        double[] point = new double[2];
        for (int i = 0; i < 2; i++) {
            JsonNode value = node.get(i);
            var matcher = value.isTextual() ? JsonFields.PERCENT.matcher(value.asText()) : null;
            if (matcher == null || !matcher.matches()) {
                problems.add(path + "[" + i + "]", expectation);
                return fallback;
            }
            double percent = Double.parseDouble(matcher.group(1));
            if (percent < 0 || percent > 100) {
                problems.add(path + "[" + i + "]", "must be from 0% to 100%");
                return fallback;
            }
            point[i] = percent;
        }
        return point;
    }

    private static Transition transition(JsonNode node, String path, Problems problems) {
        if (!node.isObject()) {
            problems.add(path, "must be an object like {\"type\": \"fade\", \"duration\": 1}");
            return null;
        }
        int before = problems.size();
        JsonFields.rejectUnknownFields(node, TRANSITION_FIELDS, path + ".", problems);
        JsonNode type = node.get("type");
        if (type == null || type.isNull()) {
            problems.add(path + ".type", "is required: one of " + String.join(", ", Transition.TYPES));
        } else if (!type.isTextual() || !Transition.TYPES.contains(type.asText())) {
            problems.add(path + ".type", "must be one of " + String.join(", ", Transition.TYPES));
        }
        double duration = millis(number(node, "duration", path + ".duration", Transition.DEFAULT_DURATION, 0,
                MAX_TRANSITION_SECONDS, problems));
        if (duration <= 0 && problems.size() == before) {
            problems.add(path + ".duration", "must be greater than 0 seconds");
        }
        return problems.size() > before ? null : new Transition(type.asText(), duration);
    }
}
