package dev.videogen.jobs.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.videogen.engine.validation.InvalidRequestException;
import dev.videogen.jobs.uploads.UploadGrant;
import dev.videogen.jobs.uploads.UploadRequest;
import dev.videogen.jobs.uploads.Uploads;

/** {@code POST /v1/uploads}: a presigned PUT for one file under the caller's own inputs prefix. */
public final class UploadsResource {

    private final Uploads uploads;

    public UploadsResource(Uploads uploads) {
        this.uploads = uploads;
    }

    /** 201 with the PUT URL, the headers it needs, its expiry and the source naming the file. */
    public ApiResponse create(Caller caller, JsonNode body) {
        UploadRequest request;
        try {
            request = UploadRequest.parse(body, uploads.maxBytes());
        } catch (InvalidRequestException e) {
            return ErrorResponses.invalid(e.problems());
        }
        UploadGrant grant = uploads.grant(caller.subject(), request);
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        answer.put("upload_url", grant.uploadUrl());
        answer.put("method", "PUT");
        ObjectNode headers = answer.putObject("upload_headers");
        headers.put("Content-Type", grant.contentType());
        headers.put("Content-Length", Long.toString(grant.sizeBytes()));
        headers.put("x-amz-tagging", grant.tagging());
        answer.put("source", grant.source());
        answer.put("expires_at", grant.expiresAt().toString());
        return ApiResponse.json(201, answer);
    }
}
