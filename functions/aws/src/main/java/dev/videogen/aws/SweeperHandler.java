package dev.videogen.aws;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.videogen.jobs.Sweeper;
import java.util.Map;
import java.util.function.Supplier;

/** The scheduled sweep: times out jobs past their processing timeout and expires old results. */
public final class SweeperHandler implements RequestHandler<Map<String, Object>, String> {

    private final Supplier<Sweeper> sweeper;

    public SweeperHandler() {
        this(() -> LambdaRuntime.shared().service().sweeper());
    }

    public SweeperHandler(Supplier<Sweeper> sweeper) {
        this.sweeper = sweeper;
    }

    @Override
    public String handleRequest(Map<String, Object> scheduledEvent, Context context) {
        Sweeper.Sweep sweep = sweeper.get().sweep();
        return "timed out " + sweep.timedOut() + ", expired " + sweep.expired();
    }
}
