package dev.videogen.aws;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.videogen.jobs.api.VideoApi;
import java.time.Instant;
import java.util.function.Supplier;

/** The api function: API Gateway event in, one call into the API, response out. */
public final class ApiHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    private final Supplier<VideoApi> api;

    /**
     * Lambda's constructor: the service is assembled on the first request, never during init. With SnapStart, the
     * {@link ApiPriming} hook registered here assembles it before the snapshot and rehearses the create path.
     */
    public ApiHandler() {
        this(() -> LambdaRuntime.shared().service().api());
        ApiPriming.registerShared();
    }

    public ApiHandler(Supplier<VideoApi> api) {
        this.api = api;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        // an inline render still running near the function's timeout is handed to the queue before it
        Instant deadline = context == null ? null : Instant.now().plusMillis(context.getRemainingTimeInMillis());
        return ApiEvents.toResponse(api.get().handle(ApiEvents.toRequest(event), deadline));
    }
}
