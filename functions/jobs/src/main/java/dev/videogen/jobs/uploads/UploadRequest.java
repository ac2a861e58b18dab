package dev.videogen.jobs.uploads;

import com.fasterxml.jackson.databind.JsonNode;
import dev.videogen.engine.validation.FieldProblem;
import dev.videogen.engine.validation.InvalidRequestException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The body of {@code POST /v1/uploads}: the name, media type and exact size of the file a caller is about to PUT.
 *
 * @param filename    the file's name as the caller knows it
 * @param contentType its media type, e.g. {@code video/mp4}
 * @param sizeBytes   its exact length
 */
public record UploadRequest(String filename, String contentType, long sizeBytes) {

    /** Media families a source, a font or a caption file can have. */
    private static final Set<String> ACCEPTED_FAMILIES = Set.of("video", "audio", "image", "font");
    private static final Set<String> ACCEPTED_TYPES = Set.of("application/octet-stream", "application/x-subrip",
            "text/vtt", "application/x-font-ttf", "application/x-font-otf");
    private static final Pattern MEDIA_TYPE = Pattern.compile("[a-z0-9][a-z0-9!#$&^_.+-]{0,126}/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}");
    private static final Set<String> FIELDS = Set.of("filename", "content_type", "size_bytes");
    private static final int MAX_FILENAME = 255;

    /** Reads and checks a body; every problem is reported at once, each naming its field. */
    public static UploadRequest parse(JsonNode body, long maxBytes) {
        List<FieldProblem> problems = new ArrayList<>();
        if (body == null || !body.isObject()) {
            throw new InvalidRequestException(List.of(new FieldProblem("body", "must be a JSON object")));
        }
        for (Map.Entry<String, JsonNode> field : body.properties()) {
            if (!FIELDS.contains(field.getKey())) {
                problems.add(new FieldProblem(field.getKey(), "is not a field of an upload: use filename, "
                        + "content_type and size_bytes"));
            }
        }
        String filename = text(body, "filename", problems);
        if (filename != null) {
            if (filename.isBlank() || filename.length() > MAX_FILENAME) {
                problems.add(new FieldProblem("filename", "must have 1 to " + MAX_FILENAME + " characters"));
            } else if (filename.contains("/") || filename.contains("\\") || filename.chars().anyMatch(Character::isISOControl)) {
                problems.add(new FieldProblem("filename", "must be a plain file name: no '/', '\\' or control characters"));
            }
        }
        String contentType = text(body, "content_type", problems);
        if (contentType != null) {
            String type = contentType.toLowerCase(Locale.ROOT).trim();
            if (!MEDIA_TYPE.matcher(type).matches()) {
                problems.add(new FieldProblem("content_type", "must be a media type like \"video/mp4\""));
            } else if (!ACCEPTED_FAMILIES.contains(type.substring(0, type.indexOf('/'))) && !ACCEPTED_TYPES.contains(type)) {
                problems.add(new FieldProblem("content_type", "must be a video, audio, image or font type, text/vtt, "
                        + "application/x-subrip or application/octet-stream, not " + type));
            }
            contentType = type;
        }
        long size = -1;
        JsonNode sizeNode = body.get("size_bytes");
        if (sizeNode == null || sizeNode.isNull()) {
            problems.add(new FieldProblem("size_bytes", "is required: the exact length of the file in bytes"));
        } else if (!sizeNode.isIntegralNumber() || !sizeNode.canConvertToLong()) {
            problems.add(new FieldProblem("size_bytes", "must be a whole number of bytes"));
        } else {
            size = sizeNode.longValue();
            if (size < 1 || size > maxBytes) {
                problems.add(new FieldProblem("size_bytes", "must be 1.." + maxBytes + " (the largest source the "
                        + "service accepts), was " + size));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        return new UploadRequest(filename, contentType, size);
    }

    /**
     * The name as it is stored: letters, digits, '.', '-' and '_' kept, any other run of characters one '_', so the
     * key is one segment that any {@code s3://} URI carries unescaped.
     */
    public String storedName() {
        String safe = filename.replaceAll("[^A-Za-z0-9._-]+", "_");
        if (safe.replace(".", "").isEmpty()) {
            safe = "upload" + safe.replace(".", "");
        }
        return safe;
    }

    private static String text(JsonNode body, String field, List<FieldProblem> problems) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            problems.add(new FieldProblem(field, "is required"));
            return null;
        }
        if (!node.isTextual()) {
            problems.add(new FieldProblem(field, "must be a string"));
            return null;
        }
        return node.textValue();
    }
}
