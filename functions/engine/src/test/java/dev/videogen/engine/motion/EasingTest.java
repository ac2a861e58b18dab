package dev.videogen.engine.motion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EasingTest {

    /**
     * Values of CSS's named timing functions at a few progress points, computed outside this code base (a bisection
     * on x(s) = p in Python, then y(s)).
     */
    @ParameterizedTest
    @CsvSource({
            "linear, 0, 0", "linear, 0.25, 0.25", "linear, 1, 1",
            "ease, 0.25, 0.4085106", "ease, 0.5, 0.8024034", "ease, 0.75, 0.960459",
            "ease-in, 0.25, 0.0934647", "ease-in, 0.5, 0.3153568", "ease-in, 0.75, 0.6218619",
            "ease-out, 0.25, 0.3781381", "ease-out, 0.5, 0.6846432", "ease-out, 0.75, 0.9065353",
            "ease-in-out, 0.25, 0.1291619", "ease-in-out, 0.5, 0.5", "ease-in-out, 0.75, 0.8708381",
            "step-end, 0, 0", "step-end, 0.999, 0", "step-end, 1, 1",
            "ease, 0, 0", "ease, 1, 1", "ease-in, 1.5, 1", "ease-out, -1, 0"})
    void namedEasingsFollowTheirCssCurves(String name, double progress, double expected) {
        Easing easing = Easing.fromWireName(name).orElseThrow();
        assertThat(easing.apply(progress)).isCloseTo(expected, within(1e-6));
        assertThat(newton(easing, progress)).isCloseTo(easing.apply(progress), within(1e-9));
    }

    /** An independent solution of the curve for a check of the bisection in {@link Easing#apply}. */
    private static double newton(Easing easing, double p) {
        double clamped = Math.max(0, Math.min(1, p));
        if (easing.stepEnd()) {
            return clamped < 1 ? 0 : 1;
        }
        double s = clamped;
        for (int i = 0; i < 50; i++) {
            double x = Easing.bezier(easing.x1(), easing.x2(), s) - clamped;
            double dx = 3 * easing.x1() * (1 - s) * (1 - s) + 6 * (easing.x2() - easing.x1()) * s * (1 - s)
                    + 3 * (1 - easing.x2()) * s * s;
            if (Math.abs(dx) < 1e-12) {
                s = Math.max(0, Math.min(1, s - x));
            } else {
                s = Math.max(0, Math.min(1, s - x / dx));
            }
        }
        return Easing.bezier(easing.y1(), easing.y2(), s);
    }
}
