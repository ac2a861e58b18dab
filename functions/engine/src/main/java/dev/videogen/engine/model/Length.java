package dev.videogen.engine.model;

/**
 * A position or size given either as a percentage of an output dimension ({@code "25%"}) or as whole pixels.
 */
public record Length(double value, boolean percent) {

    public static Length percent(double value) {
        return new Length(value, true);
    }

    public static Length pixels(int value) {
        return new Length(value, false);
    }

    /** The length in pixels against a dimension of {@code total} pixels. */
    public double toPixels(int total) {
        return percent ? value * total / 100.0 : value;
    }

    /** The wire form: {@code "25%"} or {@code "120"}. */
    public String wireForm() {
        if (percent) {
            return (value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value)) + "%";
        }
        return Long.toString((long) value);
    }

    @Override
    public String toString() {
        return wireForm();
    }
}
