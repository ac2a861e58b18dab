package dev.videogen.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.io.IOException;
import java.util.Optional;
import java.util.OptionalInt;

/** Reads render queue messages: {@code {"job_id":"vg_…"}}, and {@code {"job_id":"vg_…","chunk":3}} for a piece. */
final class QueueMessages {

    private static final ObjectMapper JSON = new ObjectMapper();

    private QueueMessages() {
    }

    static Optional<String> jobId(SQSEvent.SQSMessage message) {
        try {
            JsonNode body = JSON.readTree(message.getBody() == null ? "" : message.getBody());
            JsonNode jobId = body == null ? null : body.get("job_id");
            return jobId != null && jobId.isTextual() ? Optional.of(jobId.asText()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The piece a message names, {@code {"job_id":"vg_…","chunk":3}}; empty for a job's own message. */
    static OptionalInt chunk(SQSEvent.SQSMessage message) {
        try {
            JsonNode body = JSON.readTree(message.getBody() == null ? "" : message.getBody());
            JsonNode chunk = body == null ? null : body.get("chunk");
            return chunk != null && chunk.canConvertToInt() && chunk.asInt() >= 0 ? OptionalInt.of(chunk.asInt())
                    : OptionalInt.empty();
        } catch (IOException e) {
            return OptionalInt.empty();
        }
    }

    static int receiveCount(SQSEvent.SQSMessage message) {
        String count = message.getAttributes() == null ? null : message.getAttributes().get("ApproximateReceiveCount");
        try {
            return count == null ? 1 : Integer.parseInt(count);
        } catch (NumberFormatException e) {
            return 1;
        }
    }
}
