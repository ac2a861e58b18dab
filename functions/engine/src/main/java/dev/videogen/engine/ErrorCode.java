package dev.videogen.engine;

/** The contract's error codes, shared by the engine, the jobs and the HTTP API. */
public enum ErrorCode {
    INVALID_INPUT,
    SOURCE_DOWNLOAD_FAILED,
    NETWORK_TIMEOUT,
    FFMPEG_ERROR,
    PROCESSING_TIMEOUT,
    S3_UPLOAD_FAILED,
    S3_ACCESS_DENIED,
    S3_BUCKET_NOT_FOUND,
    INSUFFICIENT_STORAGE,
    MEMORY_LIMIT_EXCEEDED,
    PROCESSING_FAILED
}
