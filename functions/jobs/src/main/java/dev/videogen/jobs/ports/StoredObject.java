package dev.videogen.jobs.ports;

/** What the store reports about one upload. */
public record StoredObject(String bucket, String key, long sizeBytes, String etag, String requestId, long durationMillis) {
}
