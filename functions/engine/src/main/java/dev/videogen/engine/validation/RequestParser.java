package dev.videogen.engine.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.videogen.engine.model.CompositionRequest;
import dev.videogen.engine.model.Element;
import dev.videogen.engine.model.ElementType;
import dev.videogen.engine.model.FitMode;
import dev.videogen.engine.model.Fonts;
import dev.videogen.engine.model.Length;
import dev.videogen.engine.model.OutputFormat;
import dev.videogen.engine.model.ResponseType;
import dev.videogen.engine.model.Rgba;
import dev.videogen.engine.model.TextAlign;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Turns the JSON body of {@code POST /v1/videocreate} into a {@link CompositionRequest}, applying every default of
 * the contract, or reports every problem at once with the JSON path of its field.
 */
public final class RequestParser {

    /** Where sources may come from. */
    public enum SourcePolicy {
        /** http(s) URLs and the service's own {@code s3://} objects: what the API accepts. */
        REMOTE_ONLY,
        /** Also local file paths and {@code file:} URIs: what the command line accepts. */
        REMOTE_AND_LOCAL_FILES
    }

    private static final Set<String> REQUEST_FIELDS = Set.of(
            "output_format", "width", "height", "fps", "duration", "background_color", "response_type",
            "callback_url", "metadata", "elements");
    private static final Set<String> ELEMENT_FIELDS = Set.of(
            "id", "type", "source", "text", "track", "time", "duration", "duration_mode", "trim_start", "trim_end",
            "x", "y", "width", "height", "fit_mode", "opacity", "volume", "loop", "font_size", "font_family",
            "color", "background_color", "text_align");
    private static final Set<String> VISUAL_FIELDS = Set.of("x", "y", "width", "height", "fit_mode", "opacity");
    private static final Set<String> TIMED_MEDIA_FIELDS = Set.of("trim_start", "trim_end", "volume", "loop");
    private static final Set<String> TEXT_FIELDS = Set.of("text", "font_size", "font_family", "color",
            "background_color", "text_align");

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.:-]{1," + Limits.MAX_ID_LENGTH + "}");
    private static final Pattern PERCENT = Pattern.compile("(-?\\d{1,4}(?:\\.\\d{1,4})?)%");
    private static final Pattern S3_URI = Pattern.compile("s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]/.+");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SourcePolicy sourcePolicy;

    public RequestParser(SourcePolicy sourcePolicy) {
        this.sourcePolicy = sourcePolicy;
    }

    /** Parses with the API's source rules. */
    public static RequestParser forApi() {
        return new RequestParser(SourcePolicy.REMOTE_ONLY);
    }

    /**
     * Parses and validates a request body.
     *
     * @throws InvalidRequestException listing every problem found
     */
    public CompositionRequest parse(JsonNode body) {
        Problems problems = new Problems();
        if (body == null || !body.isObject()) {
            problems.add("body", "must be a JSON object");
            throw problems.toException();
        }
        rejectUnknownFields(body, REQUEST_FIELDS, "", problems);

        OutputFormat format = enumField(body, "output_format", "output_format", OutputFormat.MP4,
                OutputFormat::fromWireName, "mp4, webm, mov, gif", problems);
        int width = requiredInt(body, "width", "width", Limits.MIN_DIMENSION, Limits.MAX_WIDTH, problems);
        int height = requiredInt(body, "height", "height", Limits.MIN_DIMENSION, Limits.MAX_HEIGHT, problems);
        if (format != null && format.requiresEvenDimensions()) {
            if (width > 0 && width % 2 != 0) {
                problems.add("width", "must be even for " + format.wireName() + " (" + codecName(format)
                        + " needs even dimensions); got " + width);
            }
            if (height > 0 && height % 2 != 0) {
                problems.add("height", "must be even for " + format.wireName() + " (" + codecName(format)
                        + " needs even dimensions); got " + height);
            }
        }
        double fps = number(body, "fps", "fps", 30, Limits.MIN_FPS, Limits.MAX_FPS, problems);
        OptionalDouble duration = durationField(body.get("duration"), "duration", Limits.MAX_OUTPUT_SECONDS,
                problems);
        if (format == OutputFormat.GIF && duration.isPresent() && duration.getAsDouble() > Limits.MAX_GIF_SECONDS) {
            problems.add("duration", "must be at most " + (int) Limits.MAX_GIF_SECONDS + " seconds for gif output");
        }
        Rgba background = colorField(body, "background_color", "background_color", Rgba.BLACK, false, problems);
        ResponseType responseType = enumField(body, "response_type", "response_type", ResponseType.AUTO,
                ResponseType::fromWireName, "auto, immediate, async", problems);
        String callbackUrl = callbackUrl(body.get("callback_url"), problems);
        JsonNode metadata = metadata(body.get("metadata"), problems);

        List<Element> elements = elements(body.get("elements"), problems);

        if (!problems.isEmpty()) {
            throw problems.toException();
        }
        if (duration.isEmpty() && elements.stream().noneMatch(RequestParser::hasNaturalEnd)) {
            problems.add("duration", "is required when no element has a natural end: give the output a duration, "
                    + "or give an element a duration, or add a video or audio element");
            throw problems.toException();
        }
        return new CompositionRequest(format, width, height, fps, duration, background, responseType, callbackUrl,
                metadata, elements);
    }

    private static boolean hasNaturalEnd(Element element) {
        return element.duration().isPresent() || element.type().timedMedia();
    }

    private static String codecName(OutputFormat format) {
        return format == OutputFormat.WEBM ? "VP9" : "H.264 yuv420p";
    }

    private List<Element> elements(JsonNode node, Problems problems) {
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
        return elements;
    }

    private Element element(JsonNode node, int index, Problems problems) {
        String path = "elements[" + index + "]";
        if (node == null || !node.isObject()) {
            problems.add(path, "must be an object");
            return null;
        }
        int before = problems.size();
        rejectUnknownFields(node, ELEMENT_FIELDS, path + ".", problems);

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
            problems.add(path + ".type", "is required: one of video, image, audio, text, overlay");
        } else if (!typeNode.isTextual() || ElementType.fromWireName(typeNode.asText()).isEmpty()) {
            problems.add(path + ".type", "must be one of video, image, audio, text, overlay");
        } else {
            type = ElementType.fromWireName(typeNode.asText()).orElseThrow();
        }
        if (type == null) {
            return null;
        }
        rejectInapplicableFields(node, type, path, problems);

        String source = null;
        if (type.needsSource()) {
            source = source(node.get("source"), path + ".source", problems);
        } else if (present(node, "source")) {
            problems.add(path + ".source", "does not apply to text elements");
        }

        String text = null;
        if (type == ElementType.TEXT) {
            text = text(node.get("text"), path + ".text", problems);
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

        Length x = length(node, "x", path + ".x", Length.percent(0), true, problems);
        Length y = length(node, "y", path + ".y", Length.percent(0), true, problems);
        Length width = length(node, "width", path + ".width", Length.percent(100), false, problems);
        Length height = length(node, "height", path + ".height", Length.percent(100), false, problems);
        FitMode fitMode = enumField(node, "fit_mode", path + ".fit_mode", FitMode.AUTO, FitMode::fromWireName,
                "auto, contain, cover, fill, stretch", problems);
        double opacity = number(node, "opacity", path + ".opacity", 1, 0, 1, problems);
        double volume = number(node, "volume", path + ".volume", 1, 0, Limits.MAX_VOLUME, problems);
        boolean loop = bool(node, "loop", path + ".loop", false, problems);

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
        Rgba color = colorField(node, "color", path + ".color", Rgba.WHITE, true, problems);
        Rgba backgroundColor = colorField(node, "background_color", path + ".background_color", Rgba.TRANSPARENT,
                true, problems);
        TextAlign textAlign = enumField(node, "text_align", path + ".text_align", TextAlign.CENTER,
                TextAlign::fromWireName, "left, center, right", problems);

        if (problems.size() > before) {
            return null;
        }
        return new Element(id, index, type, source, text, track, time, duration, trimStart, trimEnd, x, y, width,
                height, fitMode, opacity, volume, loop, fontSize, fontFamily, color, backgroundColor, textAlign);
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
            } else if (TEXT_FIELDS.contains(name) && type != ElementType.TEXT) {
                applies = false;
            }
            if (!applies) {
                problems.add(path + "." + name, "does not apply to " + type.wireName() + " elements");
            }
        }
    }

    private String source(JsonNode node, String field, Problems problems) {
        if (node == null || node.isNull()) {
            problems.add(field, "is required: " + acceptedSources());
            return null;
        }
        if (!node.isTextual() || node.asText().isBlank()) {
            problems.add(field, "must be a URL string");
            return null;
        }
        String value = node.asText();
        if (value.length() > Limits.MAX_SOURCE_LENGTH) {
            problems.add(field, "must be at most " + Limits.MAX_SOURCE_LENGTH + " characters");
            return null;
        }
        String lower = value.toLowerCase(Locale.ROOT);
        if (lower.startsWith("s3://")) {
            if (!S3_URI.matcher(value).matches()) {
                problems.add(field, "must look like s3://bucket/key");
                return null;
            }
            return value;
        }
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            try {
                URI uri = new URI(value);
                if (uri.getHost() == null || uri.getHost().isBlank()) {
                    problems.add(field, "must be a URL with a host");
                    return null;
                }
                if (uri.getUserInfo() != null) {
                    problems.add(field, "must not carry credentials in the URL");
                    return null;
                }
                return value;
            } catch (URISyntaxException e) {
                problems.add(field, "is not a valid URL: " + e.getReason());
                return null;
            }
        }
        if (sourcePolicy == SourcePolicy.REMOTE_AND_LOCAL_FILES && !lower.matches("^[a-z][a-z0-9+.-]*://.*")) {
            return value;
        }
        if (sourcePolicy == SourcePolicy.REMOTE_AND_LOCAL_FILES && lower.startsWith("file://")) {
            return value;
        }
        problems.add(field, "must be " + acceptedSources());
        return null;
    }

    private String acceptedSources() {
        return sourcePolicy == SourcePolicy.REMOTE_AND_LOCAL_FILES
                ? "a local path, a file: URI, an https:// or http:// URL, or s3://bucket/key"
                : "an https:// or http:// URL, or s3://bucket/key";
    }

    private static String text(JsonNode node, String field, Problems problems) {
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

    private static String callbackUrl(JsonNode node, Problems problems) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            problems.add("callback_url", "must be an https:// URL string");
            return null;
        }
        String value = node.asText();
        if (value.length() > Limits.MAX_URL_LENGTH) {
            problems.add("callback_url", "must be at most " + Limits.MAX_URL_LENGTH + " characters");
            return null;
        }
        try {
            URI uri = new URI(value);
            if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
                problems.add("callback_url", "must be an https:// URL");
                return null;
            }
            if (uri.getUserInfo() != null) {
                problems.add("callback_url", "must not carry credentials in the URL");
                return null;
            }
        } catch (URISyntaxException e) {
            problems.add("callback_url", "is not a valid URL: " + e.getReason());
            return null;
        }
        return value;
    }

    private static JsonNode metadata(JsonNode node, Problems problems) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            problems.add("metadata", "must be a JSON object");
            return null;
        }
        try {
            int size = JSON.writeValueAsBytes(node).length;
            if (size > Limits.MAX_METADATA_BYTES) {
                problems.add("metadata", "must be at most 16 KB when serialised; got " + size + " bytes");
                return null;
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            problems.add("metadata", "cannot be serialised");
            return null;
        }
        return node;
    }

    private static void rejectUnknownFields(JsonNode node, Set<String> known, String prefix, Problems problems) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                String shown = name.length() > 64 ? name.substring(0, 64) + "…" : name;
                problems.add(prefix + printable(shown), "is not a known field");
            }
        }
    }

    private static String printable(String name) {
        StringBuilder out = new StringBuilder();
        name.codePoints().forEach(cp -> {
            if (Character.isISOControl(cp) || Character.getType(cp) == Character.SURROGATE) {
                out.append(String.format(Locale.ROOT, "\\u%04x", cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        return out.toString();
    }

    private static boolean present(JsonNode node, String name) {
        JsonNode value = node.get(name);
        return value != null && !value.isNull();
    }

    private static <T> T enumField(JsonNode node, String name, String field, T fallback,
                                   Function<String, java.util.Optional<T>> lookup, String allowed, Problems problems) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isTextual()) {
            problems.add(field, "must be one of " + allowed);
            return fallback;
        }
        return lookup.apply(value.asText()).orElseGet(() -> {
            problems.add(field, "must be one of " + allowed);
            return fallback;
        });
    }

    private static int requiredInt(JsonNode node, String name, String field, int min, int max, Problems problems) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            problems.add(field, "is required: a whole number from " + min + " to " + max);
            return -1;
        }
        return wholeNumber(value, field, -1, min, max, problems);
    }

    private static int intField(JsonNode node, String name, String field, int fallback, int min, int max,
                                Problems problems) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return fallback;
        }
        return wholeNumber(value, field, fallback, min, max, problems);
    }

    private static int wholeNumber(JsonNode value, String field, int fallback, int min, int max, Problems problems) {
        if (!value.isNumber() || !Double.isFinite(value.asDouble()) || value.asDouble() != Math.rint(value.asDouble())) {
            problems.add(field, "must be a whole number from " + min + " to " + max);
            return fallback;
        }
        double number = value.asDouble();
        if (number < min || number > max) {
            problems.add(field, "must be from " + min + " to " + max + "; got " + format(number));
            return fallback;
        }
        return (int) number;
    }

    private static double number(JsonNode node, String name, String field, double fallback, double min, double max,
                                 Problems problems) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isNumber() || !Double.isFinite(value.asDouble())) {
            problems.add(field, "must be a number from " + format(min) + " to " + format(max));
            return fallback;
        }
        double number = value.asDouble();
        if (number < min || number > max) {
            problems.add(field, "must be from " + format(min) + " to " + format(max) + "; got " + format(number));
            return fallback;
        }
        return number;
    }

    private static boolean bool(JsonNode node, String name, String field, boolean fallback, Problems problems) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isBoolean()) {
            problems.add(field, "must be true or false");
            return fallback;
        }
        return value.asBoolean();
    }

    private static OptionalDouble durationField(JsonNode value, String field, double max, Problems problems) {
        if (value == null || value.isNull()) {
            return OptionalDouble.empty();
        }
        if (value.isTextual() && "auto".equals(value.asText())) {
            return OptionalDouble.empty();
        }
        if (!value.isNumber() || !Double.isFinite(value.asDouble())) {
            problems.add(field, "must be a number of seconds or \"auto\"");
            return OptionalDouble.empty();
        }
        double seconds = millis(value.asDouble());
        if (seconds <= 0 || seconds > max) {
            problems.add(field, "must be at least 0.001 and at most " + format(max) + " seconds; got "
                    + format(value.asDouble()));
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(seconds);
    }

    private static Length length(JsonNode node, String name, String field, Length fallback, boolean position,
                                 Problems problems) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return fallback;
        }
        String expectation = "must be a percentage like \"25%\" or a whole number of pixels";
        if (value.isTextual()) {
            var matcher = PERCENT.matcher(value.asText());
            if (!matcher.matches()) {
                problems.add(field, expectation);
                return fallback;
            }
            double percent = Double.parseDouble(matcher.group(1));
            if (position ? Math.abs(percent) > Limits.MAX_PERCENT : (percent <= 0 || percent > Limits.MAX_PERCENT)) {
                problems.add(field, position
                        ? "must be from -" + (int) Limits.MAX_PERCENT + "% to " + (int) Limits.MAX_PERCENT + "%"
                        : "must be greater than 0% and at most " + (int) Limits.MAX_PERCENT + "%");
                return fallback;
            }
            return Length.percent(percent);
        }
        if (value.isNumber() && Double.isFinite(value.asDouble()) && value.asDouble() == Math.rint(value.asDouble())) {
            double pixels = value.asDouble();
            if (position ? Math.abs(pixels) > Limits.MAX_BOX_SIDE : (pixels < 1 || pixels > Limits.MAX_BOX_SIDE)) {
                problems.add(field, position
                        ? "must be from -" + Limits.MAX_BOX_SIDE + " to " + Limits.MAX_BOX_SIDE + " pixels"
                        : "must be from 1 to " + Limits.MAX_BOX_SIDE + " pixels");
                return fallback;
            }
            return Length.pixels((int) pixels);
        }
        problems.add(field, expectation);
        return fallback;
    }

    private static Length fontSize(JsonNode node, String field, Problems problems) {
        Length fallback = Length.percent(5);
        JsonNode value = node.get("font_size");
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (value.isTextual()) {
            var matcher = PERCENT.matcher(value.asText());
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

    private static Rgba colorField(JsonNode node, String name, String field, Rgba fallback, boolean alphaAllowed,
                                   Problems problems) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return fallback;
        }
        String text = value.isTextual() ? value.asText() : null;
        var parsed = alphaAllowed ? Rgba.parseRgbOrRgba(text) : Rgba.parseRgb(text);
        if (parsed.isEmpty()) {
            problems.add(field, alphaAllowed ? "must be a colour like \"#RRGGBB\" or \"#RRGGBBAA\""
                    : "must be a colour like \"#RRGGBB\"");
            return fallback;
        }
        return parsed.get();
    }

    /** Times are kept to the millisecond, the precision of the timeline and of the stored rows. */
    static double millis(double seconds) {
        return Math.round(seconds * 1000) / 1000.0;
    }

    static String format(double number) {
        if (number == Math.rint(number) && Math.abs(number) < 1e15) {
            return Long.toString((long) number);
        }
        return Double.toString(number);
    }

    /** Problems collected while parsing, in the order found. */
    private static final class Problems {
        private final List<FieldProblem> list = new ArrayList<>();

        void add(String field, String message) {
            list.add(new FieldProblem(field, message));
        }

        boolean isEmpty() {
            return list.isEmpty();
        }

        int size() {
            return list.size();
        }

        InvalidRequestException toException() {
            return new InvalidRequestException(list);
        }
    }
}
