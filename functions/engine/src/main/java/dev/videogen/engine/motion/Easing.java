package dev.videogen.engine.motion;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How a value travels from one keyframe to the next, as CSS defines it: a cubic Bézier from (0,0) to (1,1) with
 * control points (x1,y1) and (x2,y2), or {@code step-end} (the value holds until the next keyframe).
 *
 * <p>{@link #apply(double)} solves the curve for its parameter exactly (bisection to 1e-12); {@link #expression}
 * writes the same computation as an FFmpeg expression, so the picture FFmpeg draws is the one this class describes.
 */
public record Easing(String wireName, double x1, double y1, double x2, double y2, boolean stepEnd) {

    public static final Easing LINEAR = new Easing("linear", 0, 0, 1, 1, false);
    public static final Easing EASE = new Easing("ease", 0.25, 0.1, 0.25, 1, false);
    public static final Easing EASE_IN = new Easing("ease-in", 0.42, 0, 1, 1, false);
    public static final Easing EASE_OUT = new Easing("ease-out", 0, 0, 0.58, 1, false);
    public static final Easing EASE_IN_OUT = new Easing("ease-in-out", 0.42, 0, 0.58, 1, false);
    public static final Easing STEP_END = new Easing("step-end", 0, 0, 1, 1, true);

    /** Every easing the contract names, in its order. */
    public static final List<Easing> ALL = List.of(LINEAR, EASE, EASE_IN, EASE_OUT, EASE_IN_OUT, STEP_END);

    /** Bisection steps in the FFmpeg expression: 2^-32 of the curve's parameter, far below a pixel or a level. */
    private static final int EXPRESSION_STEPS = 32;

    public static Optional<Easing> fromWireName(String name) {
        return ALL.stream().filter(e -> e.wireName.equals(name)).findFirst();
    }

    /** The names accepted on the wire, for messages. */
    public static String wireNames() {
        return String.join(", ", ALL.stream().map(Easing::wireName).toList());
    }

    public boolean linear() {
        return !stepEnd && x1 == y1 && x2 == y2;
    }

    /** The eased progress for a linear progress {@code p} in [0, 1] (clamped). */
    public double apply(double p) {
        double progress = Math.max(0, Math.min(1, p));
        if (stepEnd) {
            return progress < 1 ? 0 : 1;
        }
        if (linear()) {
            return progress;
        }
        double low = 0;
        double high = 1;
        for (int i = 0; i < 60 && high - low > 1e-12; i++) {
            double mid = (low + high) / 2;
            if (bezier(x1, x2, mid) > progress) {
                high = mid;
            } else {
                low = mid;
            }
        }
        return bezier(y1, y2, (low + high) / 2);
    }

    /** One coordinate of the curve at parameter {@code s}. */
    static double bezier(double c1, double c2, double s) {
        double r = 1 - s;
        return 3 * c1 * s * r * r + 3 * c2 * s * s * r + s * s * s;
    }

    /**
     * The eased progress as an FFmpeg expression, given an expression {@code p} for the linear progress in [0, 1].
     * Uses the expression registers 0 to 4 (the caller's own registers are left alone when it uses 5 to 9).
     */
    public String expression(String p) {
        String clamped = "clip(" + p + ",0,1)";
        if (stepEnd) {
            return "gte(" + clamped + ",1)";
        }
        if (linear()) {
            return clamped;
        }
        // bisection on x(s) = p, then y(s); the loop runs a fixed number of steps so every frame costs the same
        String s = "ld(2)";
        return String.format(Locale.ROOT,
                "(st(4,%s);st(0,0);st(1,1);st(3,0);while(lt(ld(3),%d),st(2,(ld(0)+ld(1))/2);"
                        + "if(gt(%s,ld(4)),st(1,ld(2)),st(0,ld(2)));st(3,ld(3)+1));st(2,(ld(0)+ld(1))/2);%s)",
                clamped, EXPRESSION_STEPS, curve(x1, x2, s), curve(y1, y2, s));
    }

    private static String curve(double c1, double c2, String s) {
        return String.format(Locale.ROOT, "(3*%s*%s*(1-%s)*(1-%s)+3*%s*%s*%s*(1-%s)+%s*%s*%s)",
                Expressions.number(c1), s, s, s, Expressions.number(c2), s, s, s, s, s, s);
    }
}
