package dev.videogen.infra;

/**
 * When the environment's alarms fire. Counts are per five-minute period.
 *
 * @param functionErrors               errors of any one function that raise its alarm
 * @param functionThrottles            throttled invocations of any one function that raise its alarm
 * @param apiServerErrors              API Gateway 5xx responses that raise the API alarm
 * @param renderP95FractionOfTimeout   the render duration p95, as a fraction of the render timeout,
 *                                     above which renders are about to start timing out
 */
public record AlarmThresholds(int functionErrors, int functionThrottles, int apiServerErrors,
                              double renderP95FractionOfTimeout) {

    public AlarmThresholds {
        requirePositive("functionErrors", functionErrors);
        requirePositive("functionThrottles", functionThrottles);
        requirePositive("apiServerErrors", apiServerErrors);
        if (!(renderP95FractionOfTimeout > 0 && renderP95FractionOfTimeout < 1)) {
            throw new IllegalArgumentException("renderP95FractionOfTimeout must be between 0 and 1, was "
                    + renderP95FractionOfTimeout);
        }
    }

    private static void requirePositive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, was " + value);
        }
    }
}
