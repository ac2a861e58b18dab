package dev.videogen.aws.storage;

import dev.videogen.aws.client.AwsClientSettings;
import dev.videogen.aws.client.LazyClient;
import dev.videogen.jobs.ports.ObjectStore;
import dev.videogen.jobs.ports.StorageException;
import dev.videogen.jobs.ports.StorageException.Kind;
import dev.videogen.jobs.ports.StoredObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.Tag;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The results bucket through the AWS SDK v2, against S3 itself or any S3-compatible server (endpoint override with
 * path-style addressing). Every failure surfaces as a {@link StorageException} whose {@link Kind} tells the caller
 * which contract error it is and whether a retry can help; the SDK has already retried transient failures within
 * the configured number of attempts by then.
 */
public final class S3ObjectStore implements ObjectStore, AutoCloseable {

    /** The longest lifetime SigV4 allows a presigned URL. */
    static final Duration MAX_PRESIGNED_TTL = Duration.ofDays(7);

    private static final int COPY_BUFFER_BYTES = 64 * 1024;

    private final LazyClient<S3Client> s3;
    private final LazyClient<S3Presigner> presigner;
    private final String bucket;
    private final String region;
    private final boolean ownsClients;

    /**
     * A store over clients the caller built; the caller keeps ownership of them.
     *
     * @param s3        the client for every call but presigning
     * @param presigner the presigner for GET URLs, configured like {@code s3} (endpoint, path style)
     * @param bucket    the results bucket
     * @param region    the bucket's region, recorded with every stored object
     */
    public S3ObjectStore(S3Client s3, S3Presigner presigner, String bucket, String region) {
        this(LazyClient.built(Objects.requireNonNull(s3, "s3")),
                LazyClient.built(Objects.requireNonNull(presigner, "presigner")), bucket, region, false);
    }

    private S3ObjectStore(LazyClient<S3Client> s3, LazyClient<S3Presigner> presigner, String bucket, String region,
                          boolean ownsClients) {
        this.ownsClients = ownsClients;
        this.s3 = s3;
        this.presigner = presigner;
        this.bucket = requireBucketName(bucket);
        this.region = Objects.requireNonNull(region, "region");
    }

    /**
     * A store with its own clients built from {@code settings}; {@link #close()} closes them.
     *
     * @param pathStyleAccess address buckets in the path ({@code http://host/bucket/key}) rather than the host name,
     *                        as S3-compatible servers on localhost need
     */
    public static S3ObjectStore create(AwsClientSettings settings, String bucket, boolean pathStyleAccess) {
        S3ObjectStore store = createOnFirstUse(settings, bucket, pathStyleAccess);
        store.s3.get();
        store.presigner.get();
        return store;
    }

    /**
     * A store like {@link #create} whose clients are built when first used: a Lambda function answering async
     * creates never needs them, and building the S3 client is the largest part of assembling the service.
     */
    public static S3ObjectStore createOnFirstUse(AwsClientSettings settings, String bucket, boolean pathStyleAccess) {
        LazyClient<S3Client> client = LazyClient.of(() ->
                settings.configure(S3Client.builder()).forcePathStyle(pathStyleAccess).build());
        LazyClient<S3Presigner> presigner = LazyClient.of(() -> {
            S3Presigner.Builder presignerBuilder = S3Presigner.builder()
                    .region(settings.region())
                    .credentialsProvider(settings.credentials())
                    .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(pathStyleAccess).build());
            settings.endpointOverride().ifPresent(presignerBuilder::endpointOverride);
            return presignerBuilder.build();
        });
        return new S3ObjectStore(client, presigner, bucket, settings.region().id(), true);
    }

    @Override
    public String bucket() {
        return bucket;
    }

    @Override
    public String region() {
        return region;
    }

    @Override
    public StoredObject put(String key, Path file, String contentType) {
        requireKey(key);
        long size;
        try {
            size = Files.size(file);
        } catch (NoSuchFileException e) {
            throw new StorageException(Kind.FAILED, "upload of s3://" + bucket + "/" + key + ": no file " + file, e);
        } catch (IOException e) {
            throw new StorageException(Kind.FAILED, "upload of s3://" + bucket + "/" + key + ": cannot read " + file, e);
        }
        long started = System.nanoTime();
        try {
            // RequestBody.fromFile streams the file with a known length: a single PUT, no buffering in memory.
            PutObjectResponse response = s3.get().putObject(b -> b.bucket(bucket).key(key).contentType(contentType)
                    .contentLength(size), RequestBody.fromFile(file));
            long durationMillis = Duration.ofNanos(System.nanoTime() - started).toMillis();
            return new StoredObject(bucket, key, size, unquote(response.eTag()),
                    requestId(response.responseMetadata().requestId()), durationMillis);
        } catch (SdkException | UncheckedIOException e) {
            throw classify("PutObject", bucket, key, e);
        }
    }

    @Override
    public long download(String sourceBucket, String key, Path target, long maxBytes) {
        requireBucketName(sourceBucket);
        requireKey(key);
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must not be negative, was " + maxBytes);
        }
        ResponseInputStream<GetObjectResponse> body;
        try {
            body = s3.get().getObject(b -> b.bucket(sourceBucket).key(key));
        } catch (SdkException e) {
            throw classify("GetObject", sourceBucket, key, e);
        }
        try (body) {
            Long declared = body.response().contentLength();
            if (declared != null && declared > maxBytes) {
                // Refuse before reading; the stream check below still guards against a wrong Content-Length.
                body.abort();
                throw tooLarge(sourceBucket, key, maxBytes, declared + " bytes declared");
            }
            long written;
            try (OutputStream out = Files.newOutputStream(target)) {
                written = copyAtMost(body, out, maxBytes);
            }
            if (written > maxBytes) {
                body.abort();
                Files.deleteIfExists(target);
                throw tooLarge(sourceBucket, key, maxBytes, "more than " + maxBytes + " bytes sent");
            }
            return written;
        } catch (SdkException e) {
            deleteQuietly(target);
            throw classify("GetObject", sourceBucket, key, e);
        } catch (StreamReadException e) {
            deleteQuietly(target);
            throw new StorageException(Kind.UNAVAILABLE, "GetObject s3://" + sourceBucket + "/" + key
                    + ": connection lost while reading: " + e.getCause().getMessage(), e.getCause());
        } catch (IOException e) {
            deleteQuietly(target);
            throw new StorageException(Kind.FAILED, "GetObject s3://" + sourceBucket + "/" + key + ": cannot write "
                    + target + ": " + e.getMessage(), e);
        } catch (StorageException e) {
            deleteQuietly(target);
            throw e;
        }
    }

    @Override
    public String presignedGetUrl(String key, Duration ttl) {
        requireKey(key);
        if (ttl == null || ttl.isNegative() || ttl.isZero() || ttl.compareTo(MAX_PRESIGNED_TTL) > 0) {
            throw new IllegalArgumentException("ttl must be within (0, 7 days], was " + ttl);
        }
        try {
            return presigner.get().presignGetObject(b -> b.signatureDuration(ttl).getObjectRequest(g -> g.bucket(bucket).key(key)))
                    .url().toString();
        } catch (SdkException e) {
            throw classify("presign GetObject", bucket, key, e);
        }
    }

    @Override
    public String presignedPutUrl(String key, String contentType, long sizeBytes, Duration ttl) {
        return presignedPutUrl(key, contentType, sizeBytes, null, ttl);
    }

    @Override
    public String presignedPutUrl(String key, String contentType, long sizeBytes, String tagging, Duration ttl) {
        requireKey(key);
        if (ttl == null || ttl.isNegative() || ttl.isZero() || ttl.compareTo(MAX_PRESIGNED_TTL) > 0) {
            throw new IllegalArgumentException("ttl must be within (0, 7 days], was " + ttl);
        }
        if (sizeBytes < 0) {
            throw new IllegalArgumentException("sizeBytes must not be negative, was " + sizeBytes);
        }
        try {
            // content type, length and tags are part of the request presigned, so they are signed headers of the URL
            return presigner.get().presignPutObject(b -> b.signatureDuration(ttl).putObjectRequest(p -> p.bucket(bucket)
                            .key(key).contentType(contentType).contentLength(sizeBytes).tagging(tagging)))
                    .url().toString();
        } catch (SdkException e) {
            throw classify("presign PutObject", bucket, key, e);
        }
    }

    @Override
    public void replaceTags(String key, Map<String, String> tags) {
        requireKey(key);
        List<Tag> tagSet = tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build())
                .toList();
        try {
            s3.get().putObjectTagging(b -> b.bucket(bucket).key(key).tagging(t -> t.tagSet(tagSet)));
        } catch (SdkException e) {
            throw classify("PutObjectTagging", bucket, key, e);
        }
    }

    @Override
    public Map<String, String> tags(String key) {
        requireKey(key);
        try {
            Map<String, String> tags = new LinkedHashMap<>();
            s3.get().getObjectTagging(b -> b.bucket(bucket).key(key)).tagSet()
                    .forEach(tag -> tags.put(tag.key(), tag.value()));
            return tags;
        } catch (SdkException e) {
            throw classify("GetObjectTagging", bucket, key, e);
        }
    }

    @Override
    public boolean exists(String key) {
        requireKey(key);
        try {
            s3.get().headObject(b -> b.bucket(bucket).key(key));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            // HEAD answers carry no error body: a bare 404 is the only sign of a missing key.
            if (e.statusCode() == 404) {
                return false;
            }
            throw classify("HeadObject", bucket, key, e);
        } catch (SdkException e) {
            throw classify("HeadObject", bucket, key, e);
        }
    }

    @Override
    public void delete(String key) {
        requireKey(key);
        try {
            s3.get().deleteObject(b -> b.bucket(bucket).key(key));
        } catch (SdkException e) {
            throw classify("DeleteObject", bucket, key, e);
        }
    }

    @Override
    public void checkAvailable() {
        try {
            s3.get().headBucket(b -> b.bucket(bucket));
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                throw new StorageException(Kind.BUCKET_NOT_FOUND, "HeadBucket s3://" + bucket + ": no such bucket", e);
            }
            throw classify("HeadBucket", bucket, null, e);
        } catch (SdkException e) {
            throw classify("HeadBucket", bucket, null, e);
        }
    }

    /** Closes the clients when this store built them ({@link #create}); clients passed in stay open. */
    @Override
    public void close() {
        if (ownsClients) {
            try {
                s3.close();
                presigner.close();
            } catch (Exception e) {
                throw new IllegalStateException("cannot close the S3 clients", e);
            }
        }
    }

    @Override
    public String toString() {
        return "S3ObjectStore[s3://" + bucket + " in " + region + "]";
    }

    /**
     * Copies until the end of {@code in} or until one byte more than {@code maxBytes} has been written, whichever
     * comes first. A result above {@code maxBytes} means the source is too large; nothing beyond that byte is read.
     */
    static long copyAtMost(InputStream in, OutputStream out, long maxBytes) throws IOException {
        byte[] buffer = new byte[COPY_BUFFER_BYTES];
        long total = 0;
        while (total <= maxBytes) {
            int wanted = (int) Math.min(buffer.length, maxBytes + 1 - total);
            int read;
            try {
                read = in.read(buffer, 0, wanted);
            } catch (IOException e) {
                throw new StreamReadException(e);
            }
            if (read < 0) {
                break;
            }
            out.write(buffer, 0, read);
            total += read;
        }
        return total;
    }

    /** Maps an SDK failure to the kind the callers act on. */
    static StorageException classify(String operation, String bucket, String key, RuntimeException failure) {
        String where = operation + " s3://" + bucket + (key == null ? "" : "/" + key);
        if (failure instanceof S3Exception s3Failure) {
            AwsErrorDetails details = s3Failure.awsErrorDetails();
            String code = details == null || details.errorCode() == null ? "" : details.errorCode();
            int status = s3Failure.statusCode();
            String described = where + ": " + (code.isEmpty() ? "HTTP " + status : code + " (HTTP " + status + ")")
                    + ", request id " + s3Failure.requestId();
            if (code.equals("NoSuchBucket")) {
                return new StorageException(Kind.BUCKET_NOT_FOUND, described, failure);
            }
            if (status == 403 || code.equals("AccessDenied")) {
                return new StorageException(Kind.ACCESS_DENIED, described, failure);
            }
            if (code.equals("NoSuchKey") || status == 404) {
                return new StorageException(Kind.NOT_FOUND, described, failure);
            }
            if (status >= 500 || status == 429 || code.equals("SlowDown") || code.equals("RequestTimeout")) {
                return new StorageException(Kind.UNAVAILABLE, described, failure);
            }
            return new StorageException(Kind.FAILED, described, failure);
        }
        if (failure instanceof SdkClientException || failure instanceof UncheckedIOException) {
            // No answer from the service (connection refused or reset, timeout): worth another try later.
            return new StorageException(Kind.UNAVAILABLE, where + ": " + failure.getMessage(), failure);
        }
        return new StorageException(Kind.FAILED, where + ": " + failure.getMessage(), failure);
    }

    private static StorageException tooLarge(String bucket, String key, long maxBytes, String what) {
        return new StorageException(Kind.TOO_LARGE, "GetObject s3://" + bucket + "/" + key + ": larger than the "
                + maxBytes + "-byte limit (" + what + ")");
    }

    private static String unquote(String etag) {
        return etag != null && etag.length() >= 2 && etag.startsWith("\"") && etag.endsWith("\"")
                ? etag.substring(1, etag.length() - 1)
                : etag;
    }

    /** The SDK reports a missing x-amz-request-id as "UNKNOWN"; null says so without pretending to be an id. */
    private static String requestId(String reported) {
        return reported == null || reported.isBlank() || reported.equals("UNKNOWN") ? null : reported;
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // The caller's temp-dir clean-up removes it later.
        }
    }

    private static String requireBucketName(String bucket) {
        if (bucket == null || !bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
            throw new IllegalArgumentException("not a valid S3 bucket name: " + bucket);
        }
        return bucket;
    }

    private static void requireKey(String key) {
        if (key == null || key.isEmpty() || key.length() > 1024) {
            throw new IllegalArgumentException("an S3 key must have 1..1024 characters, was " + key);
        }
    }

    /** A read from the network failed, as opposed to a write to the local file. */
    static final class StreamReadException extends IOException {

        private static final long serialVersionUID = 1L;

        StreamReadException(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }
}
