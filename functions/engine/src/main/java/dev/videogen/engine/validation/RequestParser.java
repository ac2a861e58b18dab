package dev.videogen.engine.validation;

import static dev.videogen.engine.validation.JsonFields.colorField;
import static dev.videogen.engine.validation.JsonFields.durationField;
import static dev.videogen.engine.validation.JsonFields.enumField;
import static dev.videogen.engine.validation.JsonFields.number;
import static dev.videogen.engine.validation.JsonFields.rejectUnknownFields;
import static dev.videogen.engine.validation.JsonFields.requiredInt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.videogen.engine.model.CompositionRequest;
import dev.videogen.engine.model.Element;
import dev.videogen.engine.model.OutputFormat;
import dev.videogen.engine.model.ResponseType;
import dev.videogen.engine.model.Rgba;
import dev.videogen.engine.model.Thumbnail;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Turns the JSON body of {@code POST /v1/videocreate} into a {@link CompositionRequest}, applying every default of
 * the contract, or reports every problem at once with the JSON path of its field. The request's own fields are read
 * here; each element is read by {@link ElementParser}, with {@link SourceRules} for its source and
 * {@link TextFields} for text, all through the single-field readers of {@link JsonFields}.
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
            "callback_url", "metadata", "elements", "snapshot_time", "thumbnail");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ElementParser elementParser;

    public RequestParser(SourcePolicy sourcePolicy) {
        this.elementParser = new ElementParser(new SourceRules(sourcePolicy));
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
                OutputFormat::fromWireName, "mp4, webm, mov, gif, png, jpg", problems);
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

        OptionalDouble snapshotTime = StillFields.snapshotTime(body, format, duration, problems);
        Optional<Thumbnail> thumbnail = StillFields.thumbnail(body, format, width, duration, problems);

        List<Element> elements = elementParser.elements(body.get("elements"), problems);

        if (!problems.isEmpty()) {
            throw problems.toException();
        }
        if (duration.isEmpty() && elements.stream().noneMatch(RequestParser::hasNaturalEnd)) {
            problems.add("duration", "is required when no element has a natural end: give the output a duration, "
                    + "or give an element a duration, or add a video or audio element");
            throw problems.toException();
        }
        return new CompositionRequest(format, width, height, fps, duration, background, responseType, callbackUrl,
                metadata, elements, snapshotTime, thumbnail);
    }

    private static boolean hasNaturalEnd(Element element) {
        return element.duration().isPresent() || element.type().timedMedia();
    }

    private static String codecName(OutputFormat format) {
        return format == OutputFormat.WEBM ? "VP9" : "H.264 yuv420p";
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
}
