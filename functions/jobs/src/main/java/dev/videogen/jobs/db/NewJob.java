package dev.videogen.jobs.db;

/**
 * What is known about a job when it is created.
 *
 * @param jobId            public id
 * @param owner            who created it, or {@code null} when authentication is off
 * @param responseType     {@code immediate} or {@code async}: the path taken
 * @param outputFormat     mp4, webm, mov or gif
 * @param width            output width
 * @param height           output height
 * @param fps              output frame rate
 * @param durationSeconds  output length when the request gives it, else {@code null}
 * @param backgroundColor  {@code #RRGGBB}
 * @param requestPayload   the request body as JSON
 * @param callbackUrl      webhook URL or {@code null}
 * @param estimatedSeconds estimated processing time
 * @param idempotencyKey   the {@code Idempotency-Key} header or {@code null}
 * @param requestHash      SHA-256 of the body, to tell a repeat from a reuse of the key
 * @param clientIp         caller's address or {@code null}
 * @param userAgent        caller's user agent or {@code null}
 * @param requestMetadata  facts about the HTTP request (request id, route, headers of interest) as JSON
 * @param timeoutSeconds   seconds after which an unfinished job is marked timed out
 * @param templateId       the template the request was made from, or {@code null}
 * @param templateVersion  the version of {@code templateId} rendered, or {@code null}
 */
public record NewJob(String jobId, String owner, String responseType, String outputFormat, int width, int height,
                     double fps, Double durationSeconds, String backgroundColor, String requestPayload,
                     String callbackUrl, int estimatedSeconds, String idempotencyKey, String requestHash,
                     String clientIp, String userAgent, String requestMetadata, long timeoutSeconds,
                     String templateId, Integer templateVersion) {

    /** A job from a hand-written request (no template). */
    public NewJob(String jobId, String owner, String responseType, String outputFormat, int width, int height,
                  double fps, Double durationSeconds, String backgroundColor, String requestPayload, String callbackUrl,
                  int estimatedSeconds, String idempotencyKey, String requestHash, String clientIp, String userAgent,
                  String requestMetadata, long timeoutSeconds) {
        this(jobId, owner, responseType, outputFormat, width, height, fps, durationSeconds, backgroundColor,
                requestPayload, callbackUrl, estimatedSeconds, idempotencyKey, requestHash, clientIp, userAgent,
                requestMetadata, timeoutSeconds, null, null);
    }

    /** This job, recorded as made from {@code version} of template {@code id}. */
    public NewJob fromTemplate(String id, int version) {
        return new NewJob(jobId, owner, responseType, outputFormat, width, height, fps, durationSeconds,
                backgroundColor, requestPayload, callbackUrl, estimatedSeconds, idempotencyKey, requestHash, clientIp,
                userAgent, requestMetadata, timeoutSeconds, id, version);
    }
}
