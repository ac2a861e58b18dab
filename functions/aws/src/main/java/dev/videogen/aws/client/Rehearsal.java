package dev.videogen.aws.client;

import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * SDK calls made for practice: a request marked as a rehearsal is validated, marshalled and signed like any other,
 * then stopped just before it would be sent. Priming a SnapStart snapshot runs the service's calls this way, so the
 * snapshot carries their code paths warmed and nothing happens anywhere.
 */
public final class Rehearsal implements ExecutionInterceptor {

    private static final ExecutionAttribute<Boolean> REHEARSAL = new ExecutionAttribute<>("VideogenRehearsal");

    /** Thrown where the request would go on the wire; callers of {@link #run} never see it. */
    static final class Stopped extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stopped() {
            super("rehearsal: stopped before sending", null, false, false);
        }
    }

    /** Marks a request as a rehearsal: {@code builder.overrideConfiguration(Rehearsal::mark)}. */
    public static void mark(AwsRequestOverrideConfiguration.Builder configuration) {
        configuration.putExecutionAttribute(REHEARSAL, Boolean.TRUE);
    }

    /** Runs an SDK call whose request is {@linkplain #mark marked}; true when it reached the point of sending. */
    public static boolean run(Runnable call) {
        try {
            call.run();
            return false;
        } catch (RuntimeException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof Stopped) {
                    return true;
                }
            }
            throw e;
        }
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        if (Boolean.TRUE.equals(attributes.getAttribute(REHEARSAL))) {
            throw new Stopped();
        }
    }
}
