package dev.videogen.jobs.uploads;

import java.util.Map;

/**
 * The tag that decides how long an uploaded file is kept. {@code POST /v1/uploads} signs its PUT with
 * {@value #KEY}={@value #UNUSED}, so the file is created with that tag, and the bucket's lifecycle rule for uploads
 * (infra-cdk, {@code expire-unused-uploads}) deletes objects under {@code inputs/} that still carry it after a few
 * days. The first time the service reads the file as a source (a render or a dry run) it replaces the tag with
 * {@value #KEY}={@value #USED}, which no rule selects: a used upload is kept until its owner or the operator deletes it.
 */
public final class UploadTags {

    public static final String KEY = "videogen-upload";
    public static final String UNUSED = "unused";
    public static final String USED = "used";

    private UploadTags() {
    }

    /** The {@code x-amz-tagging} header a presigned upload must send. */
    public static String unusedHeader() {
        return KEY + "=" + UNUSED;
    }

    /** The tags of an upload a job has read. */
    public static Map<String, String> used() {
        return Map.of(KEY, USED);
    }
}
