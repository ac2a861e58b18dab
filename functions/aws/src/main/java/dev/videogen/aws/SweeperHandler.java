package dev.videogen.aws;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.videogen.jobs.Sweeper;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The scheduled sweep, every minute: times out jobs past their processing timeout, expires old results, queues again
 * the jobs whose message was lost, and sends the webhooks due again.
 */
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
        return "timed out " + sweep.timedOut() + ", expired " + sweep.expired() + ", queued again " + sweep.requeued()
                + ", webhooks tried " + sweep.webhooksTried();
    }
}
