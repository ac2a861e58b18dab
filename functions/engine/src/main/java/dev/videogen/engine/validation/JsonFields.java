package dev.videogen.engine.validation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.videogen.engine.model.Length;
import dev.videogen.engine.model.Rgba;
import java.util.Iterator;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Readers of single JSON fields: each returns the field's value, or its fallback when the field is absent or null,
 * and records a problem naming the field when the value is not acceptable.
 */
final class JsonFields {

    static final Pattern PERCENT = Pattern.compile("(-?\\d{1,4}(?:\\.\\d{1,4})?)%");

    private JsonFields() {
    }

    static void rejectUnknownFields(JsonNode node, Set<String> known, String prefix, Problems problems) {
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

    static boolean present(JsonNode node, String name) {
        JsonNode value = node.get(name);
        return value != null && !value.isNull();
    }

    static <T> T enumField(JsonNode node, String name, String field, T fallback,
                           Function<String, Optional<T>> lookup, String allowed, Problems problems) {
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

    static int requiredInt(JsonNode node, String name, String field, int min, int max, Problems problems) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            problems.add(field, "is required: a whole number from " + min + " to " + max);
            return -1;
        }
        return wholeNumber(value, field, -1, min, max, problems);
    }

    static int intField(JsonNode node, String name, String field, int fallback, int min, int max,
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

    static double number(JsonNode node, String name, String field, double fallback, double min, double max,
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

    static boolean bool(JsonNode node, String name, String field, boolean fallback, Problems problems) {
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

    static OptionalDouble durationField(JsonNode value, String field, double max, Problems problems) {
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

    static Length length(JsonNode node, String name, String field, Length fallback, boolean position,
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

    static Rgba colorField(JsonNode node, String name, String field, Rgba fallback, boolean alphaAllowed,
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
}
