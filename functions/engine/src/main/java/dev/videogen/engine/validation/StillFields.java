package dev.videogen.engine.validation;

import static dev.videogen.engine.validation.JsonFields.intField;
import static dev.videogen.engine.validation.JsonFields.number;
import static dev.videogen.engine.validation.JsonFields.rejectUnknownFields;

import com.fasterxml.jackson.databind.JsonNode;
import dev.videogen.engine.model.OutputFormat;
import dev.videogen.engine.model.Thumbnail;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * The fields about single pictures: {@code snapshot_time} (the instant a {@code png}/{@code jpg} output shows) and
 * {@code thumbnail} (the JPEG poster of a video). An instant past a known {@code duration} is refused here; with an
 * "auto" duration the renderer checks it once the sources are probed.
 */
final class StillFields {

    private static final Set<String> THUMBNAIL_FIELDS = Set.of("time", "width");

    private StillFields() {
    }

    static OptionalDouble snapshotTime(JsonNode body, OutputFormat format, OptionalDouble duration,
                                       Problems problems) {
        JsonNode value = body.get("snapshot_time");
        if (value == null || value.isNull()) {
            return format != null && format.still() ? OptionalDouble.of(0) : OptionalDouble.empty();
        }
        if (format != null && !format.still()) {
            problems.add("snapshot_time", "is only for png and jpg outputs (one frame); " + format.wireName()
                    + " renders the whole composition (use thumbnail for a poster of a video)");
            return OptionalDouble.empty();
        }
        double seconds = number(body, "snapshot_time", "snapshot_time", 0, 0, Limits.MAX_TIME_SECONDS, problems);
        insideDuration(seconds, duration, "snapshot_time", "composition", problems);
        return OptionalDouble.of(seconds);
    }

    static Optional<Thumbnail> thumbnail(JsonNode body, OutputFormat format, int videoWidth, OptionalDouble duration,
                                         Problems problems) {
        JsonNode value = body.get("thumbnail");
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isObject()) {
            problems.add("thumbnail", "must be an object like {\"time\": 2.5, \"width\": 640}");
            return Optional.empty();
        }
        if (format != null && format.still()) {
            problems.add("thumbnail", "is only for video outputs (mp4, webm, mov, gif); a " + format.wireName()
                    + " output is itself one picture");
            return Optional.empty();
        }
        rejectUnknownFields(value, THUMBNAIL_FIELDS, "thumbnail.", problems);
        double time = number(value, "time", "thumbnail.time", 0, 0, Limits.MAX_TIME_SECONDS, problems);
        insideDuration(time, duration, "thumbnail.time", "video", problems);
        int maxWidth = videoWidth > 0 ? videoWidth : Limits.MAX_WIDTH;
        int width = intField(value, "width", "thumbnail.width", maxWidth, Math.min(Limits.MIN_DIMENSION, maxWidth),
                maxWidth, problems);
        return Optional.of(new Thumbnail(time, width));
    }

    private static void insideDuration(double seconds, OptionalDouble duration, String field, String what,
                                       Problems problems) {
        if (duration.isPresent() && seconds >= duration.getAsDouble()) {
            problems.add(field, "must lie inside the " + what + ", before its end at "
                    + JsonFields.format(duration.getAsDouble()) + " s; got " + JsonFields.format(seconds));
        }
    }
}
