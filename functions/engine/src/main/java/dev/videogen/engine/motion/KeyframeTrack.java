package dev.videogen.engine.motion;

import java.util.ArrayList;
import java.util.List;

/**
 * A property's value over an element's local time: before the first keyframe the first value holds, after the last
 * the last value holds, and between two keyframes the value moves as the earlier one's easing says.
 *
 * <p>{@link #valueAt(double)} and {@link #expression(String)} are the same definition, once in Java and once as an
 * FFmpeg expression.
 */
public record KeyframeTrack(List<Keyframe> keyframes) {

    public KeyframeTrack {
        if (keyframes.isEmpty()) {
            throw new IllegalArgumentException("a track needs at least one keyframe");
        }
        for (int i = 1; i < keyframes.size(); i++) {
            if (keyframes.get(i).time() < keyframes.get(i - 1).time()) {
                throw new IllegalArgumentException("keyframes out of time order at " + i);
            }
        }
        keyframes = List.copyOf(keyframes);
    }

    public static KeyframeTrack constant(double value) {
        return new KeyframeTrack(List.of(new Keyframe(0, value, Easing.LINEAR)));
    }

    public static KeyframeTrack of(Keyframe... keyframes) {
        return new KeyframeTrack(List.of(keyframes));
    }

    /** The value at {@code localTime} seconds from the element's start. */
    public double valueAt(double localTime) {
        Keyframe first = keyframes.get(0);
        if (localTime <= first.time()) {
            return first.value();
        }
        for (int i = 0; i + 1 < keyframes.size(); i++) {
            Keyframe from = keyframes.get(i);
            Keyframe to = keyframes.get(i + 1);
            if (localTime < to.time()) {
                double span = to.time() - from.time();
                double progress = span <= 0 ? 1 : (localTime - from.time()) / span;
                return from.value() + (to.value() - from.value()) * from.easing().apply(progress);
            }
        }
        return keyframes.get(keyframes.size() - 1).value();
    }

    /** Whether the value never changes. */
    public boolean constant() {
        double first = keyframes.get(0).value();
        return keyframes.stream().allMatch(k -> k.value() == first);
    }

    public double first() {
        return keyframes.get(0).value();
    }

    public double last() {
        return keyframes.get(keyframes.size() - 1).value();
    }

    public double min() {
        return keyframes.stream().mapToDouble(Keyframe::value).min().orElseThrow();
    }

    public double max() {
        return keyframes.stream().mapToDouble(Keyframe::value).max().orElseThrow();
    }

    /** The local time of the last keyframe: after it, the value holds. */
    public double endTime() {
        return keyframes.get(keyframes.size() - 1).time();
    }

    public double startTime() {
        return keyframes.get(0).time();
    }

    /** A track whose every value is {@code f(value)}; easings and times kept. */
    public KeyframeTrack map(java.util.function.DoubleUnaryOperator f) {
        List<Keyframe> mapped = new ArrayList<>();
        for (Keyframe k : keyframes) {
            mapped.add(new Keyframe(k.time(), f.applyAsDouble(k.value()), k.easing()));
        }
        return new KeyframeTrack(mapped);
    }

    /**
     * The value as an FFmpeg expression of {@code localTime}, itself an expression (e.g. {@code (t-2.5)} for an
     * element starting 2.5 s into the output, so the value is computed from the absolute output time {@code t}).
     */
    public String expression(String localTime) {
        if (constant()) {
            return Expressions.number(first());
        }
        String t = "(" + localTime + ")";
        StringBuilder out = new StringBuilder();
        int open = 0;
        Keyframe first = keyframes.get(0);
        out.append("if(lte(").append(t).append(',').append(Expressions.number(first.time())).append("),")
                .append(Expressions.number(first.value())).append(',');
        open++;
        for (int i = 0; i + 1 < keyframes.size(); i++) {
            Keyframe from = keyframes.get(i);
            Keyframe to = keyframes.get(i + 1);
            double span = to.time() - from.time();
            if (span <= 0) {
                continue;
            }
            String progress = "(" + t + "-" + Expressions.number(from.time()) + ")/" + Expressions.number(span);
            String value = from.value() == to.value() ? Expressions.number(from.value())
                    : "(" + Expressions.number(from.value()) + "+" + Expressions.number(to.value() - from.value())
                    + "*" + from.easing().expression(progress) + ")";
            out.append("if(lt(").append(t).append(',').append(Expressions.number(to.time())).append("),")
                    .append(value).append(',');
            open++;
        }
        out.append(Expressions.number(last()));
        out.append(")".repeat(open));
        return out.toString();
    }
}
