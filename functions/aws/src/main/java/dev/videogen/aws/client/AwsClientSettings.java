package dev.videogen.aws.client;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * How the service's SDK clients reach AWS, or an S3/SQS-compatible server standing in for it: region, optional
 * endpoint override, credentials, a bounded number of attempts in the SDK's standard retry mode, and timeouts of
 * the url-connection HTTP client (the lightest one for Lambda cold starts). Validated when built.
 */
public final class AwsClientSettings {

    private final Region region;
    private final URI endpointOverride;
    private final AwsCredentialsProvider credentials;
    private final int maxAttempts;
    private final Duration connectTimeout;
    private final Duration socketTimeout;
    private final Duration apiCallTimeout;

    private AwsClientSettings(Builder builder) {
        this.region = Region.of(builder.region);
        this.endpointOverride = builder.endpointOverride;
        this.credentials = builder.credentials != null ? builder.credentials : DefaultCredentialsProvider.builder().build();
        this.maxAttempts = builder.maxAttempts;
        this.connectTimeout = builder.connectTimeout;
        this.socketTimeout = builder.socketTimeout;
        this.apiCallTimeout = builder.apiCallTimeout;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Settings for a server on this machine that ignores credentials (the in-process servers, LocalStack): the
     * endpoint override and fixed dummy credentials, so no credential lookup touches the environment.
     */
    public static Builder forLocalEndpoint(URI endpoint) {
        return builder()
                .endpointOverride(endpoint)
                .credentials(StaticCredentialsProvider.create(AwsBasicCredentials.create("videogen", "videogen")));
    }

    public Region region() {
        return region;
    }

    public Optional<URI> endpointOverride() {
        return Optional.ofNullable(endpointOverride);
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    public Duration socketTimeout() {
        return socketTimeout;
    }

    /** Applies region, endpoint, credentials, retries and HTTP client to an SDK client builder. */
    public <B extends AwsSyncClientBuilder<B, C> & AwsClientBuilder<B, C>, C> B configure(B builder) {
        builder.region(region)
                .credentialsProvider(credentials)
                .httpClient(httpClient())
                .overrideConfiguration(overrideConfiguration());
        if (endpointOverride != null) {
            builder.endpointOverride(endpointOverride);
        }
        return builder;
    }

    /**
     * The JDK's {@code HttpURLConnection} through the SDK's url-connection client (the lightest to start), with small
     * request bodies sent from a buffer so that a send over a kept-alive connection skips the JDK's one-millisecond
     * check of the connection ({@link SmallBodyConnection}).
     */
    public SdkHttpClient httpClient() {
        return UrlConnectionHttpClient.create(uri -> SmallBodyConnection.open(uri, connectTimeout, socketTimeout));
    }

    /**
     * Standard retry mode (exponential backoff with jitter, retry quota) capped at {@link #maxAttempts()}; requests
     * marked as a {@link Rehearsal} stop before they are sent.
     */
    public ClientOverrideConfiguration overrideConfiguration() {
        ClientOverrideConfiguration.Builder configuration = ClientOverrideConfiguration.builder()
                .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(maxAttempts).build())
                .addExecutionInterceptor(new Rehearsal());
        if (apiCallTimeout != null) {
            configuration.apiCallTimeout(apiCallTimeout);
        }
        return configuration.build();
    }

    /** The credentials the clients sign with. */
    public AwsCredentialsProvider credentials() {
        return credentials;
    }

    @Override
    public String toString() {
        return "AwsClientSettings[region=" + region + ", endpoint=" + (endpointOverride == null ? "AWS" : endpointOverride)
                + ", maxAttempts=" + maxAttempts + ", connectTimeout=" + connectTimeout + ", socketTimeout="
                + socketTimeout + "]";
    }

    /** Builds {@link AwsClientSettings}; the defaults are those used in Lambda. */
    public static final class Builder {

        private String region = "us-east-1";
        private URI endpointOverride;
        private AwsCredentialsProvider credentials;
        private int maxAttempts = 3;
        private Duration connectTimeout = Duration.ofSeconds(2);
        private Duration socketTimeout = Duration.ofSeconds(30);
        private Duration apiCallTimeout;

        private Builder() {
        }

        /** The region; {@code us-east-1} by default. */
        public Builder region(String region) {
            if (region == null || !region.matches("[a-z0-9-]{2,32}")) {
                throw new IllegalArgumentException("not a region name: " + region);
            }
            this.region = region;
            return this;
        }

        /** An S3/SQS-compatible endpoint to use instead of AWS's, e.g. {@code http://127.0.0.1:4566}. */
        public Builder endpointOverride(URI endpoint) {
            Objects.requireNonNull(endpoint, "endpoint");
            if (endpoint.getScheme() == null || endpoint.getHost() == null
                    || !(endpoint.getScheme().equals("http") || endpoint.getScheme().equals("https"))) {
                throw new IllegalArgumentException("endpoint must be an absolute http(s) URI, was " + endpoint);
            }
            this.endpointOverride = endpoint;
            return this;
        }

        /** The credentials; the SDK's default chain (environment, Lambda role) when not given. */
        public Builder credentials(AwsCredentialsProvider credentials) {
            this.credentials = Objects.requireNonNull(credentials, "credentials");
            return this;
        }

        /** Attempts per call including the first, 1..10; 3 by default. */
        public Builder maxAttempts(int attempts) {
            if (attempts < 1 || attempts > 10) {
                throw new IllegalArgumentException("maxAttempts must be within 1..10, was " + attempts);
            }
            this.maxAttempts = attempts;
            return this;
        }

        /** How long to wait for a TCP connection; 2 s by default. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = requirePositive(timeout, "connectTimeout");
            return this;
        }

        /** How long a read may block without data; 30 s by default. */
        public Builder socketTimeout(Duration timeout) {
            this.socketTimeout = requirePositive(timeout, "socketTimeout");
            return this;
        }

        /** An upper bound on one call including its retries; none by default. */
        public Builder apiCallTimeout(Duration timeout) {
            this.apiCallTimeout = requirePositive(timeout, "apiCallTimeout");
            return this;
        }

        public AwsClientSettings build() {
            return new AwsClientSettings(this);
        }

        private static Duration requirePositive(Duration value, String name) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, was " + value);
            }
            return value;
        }
    }
}
