package dev.videogen.infra;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.CfnOutputProps;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.cloudfront.AllowedMethods;
import software.amazon.awscdk.services.cloudfront.BehaviorOptions;
import software.amazon.awscdk.services.cloudfront.CachePolicy;
import software.amazon.awscdk.services.cloudfront.Distribution;
import software.amazon.awscdk.services.cloudfront.DistributionProps;
import software.amazon.awscdk.services.cloudfront.HttpVersion;
import software.amazon.awscdk.services.cloudfront.OriginRequestPolicy;
import software.amazon.awscdk.services.cloudfront.PriceClass;
import software.amazon.awscdk.services.cloudfront.SecurityPolicyProtocol;
import software.amazon.awscdk.services.cloudfront.ViewerProtocolPolicy;
import software.amazon.awscdk.services.cloudfront.origins.S3BucketOrigin;
import software.amazon.awscdk.services.iam.Effect;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.PolicyStatementProps;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.BucketProps;
import software.amazon.awscdk.services.s3.CorsRule;
import software.amazon.awscdk.services.s3.HttpMethods;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.constructs.Construct;

/**
 * The environment's data that outlives the service: the output bucket, and the optional
 * CloudFront distribution in front of it. Kept apart from the service stack so the service can be
 * destroyed and redeployed while the rendered files stay.
 */
public class StorageStack extends Stack {

    /** Rendered videos are written under this prefix; the lifecycle rule and IAM grants are scoped to it. */
    public static final String OUTPUT_PREFIX = "processed/";
    /** s3:// sources the service may read must be in its bucket under this prefix. */
    public static final String INPUT_PREFIX = "inputs/";
    /**
     * Days an upload that no job has read is kept: long enough to write the request that uses it, short enough that
     * abandoned uploads do not pile up. An upload a job has read is kept (its tag no longer matches the rule).
     */
    public static final int UPLOAD_EXPIRATION_DAYS = 7;
    /** The tag POST /v1/uploads signs into every upload until a job reads it (dev.videogen.jobs.uploads.UploadTags). */
    public static final String UNUSED_UPLOAD_TAG_KEY = "videogen-upload";
    public static final String UNUSED_UPLOAD_TAG_VALUE = "unused";
    /**
     * The pieces of chunked jobs wait here for their stitch, which deletes them; a day's expiry is the backstop for a
     * job whose last worker vanished.
     */
    public static final String PIECES_PREFIX = "chunks/";

    private final Bucket outputBucket;
    private final Distribution distribution;

    public StorageStack(Construct scope, String id, StackProps props, Deployment deployment) {
        super(scope, id, props);
        EnvironmentConfig config = deployment.config();
        boolean retain = config.retainDataOnTeardown();

        outputBucket = new Bucket(this, "OutputBucket", BucketProps.builder()
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .encryption(BucketEncryption.S3_MANAGED)
                .enforceSsl(true)
                .minimumTlsVersion(1.2)
                .versioned(false)
                .lifecycleRules(List.of(
                        LifecycleRule.builder()
                                .id("expire-rendered-videos")
                                .prefix(OUTPUT_PREFIX)
                                .expiration(Duration.days(config.outputExpirationDays()))
                                .build(),
                        // POST /v1/uploads puts files under inputs/<owner>/ tagged videogen-upload=unused; the first
                        // job that reads one retags it videogen-upload=used, so only uploads nobody used expire
                        LifecycleRule.builder()
                                .id("expire-unused-uploads")
                                .prefix(INPUT_PREFIX)
                                .tagFilters(Map.of(UNUSED_UPLOAD_TAG_KEY, UNUSED_UPLOAD_TAG_VALUE))
                                .expiration(Duration.days(UPLOAD_EXPIRATION_DAYS))
                                .build(),
                        LifecycleRule.builder()
                                .id("expire-chunk-pieces")
                                .prefix(PIECES_PREFIX)
                                .expiration(Duration.days(1))
                                .build(),
                        LifecycleRule.builder()
                                .id("abort-incomplete-uploads")
                                .abortIncompleteMultipartUploadAfter(Duration.days(1))
                                .build()))
                // Browsers fetch results with presigned GETs (video players send Range requests) and PUT uploads.
                .cors(List.of(CorsRule.builder()
                        .allowedMethods(List.of(HttpMethods.GET, HttpMethods.HEAD, HttpMethods.PUT))
                        .allowedOrigins(deployment.corsAllowedOrigins())
                        .allowedHeaders(List.of("*"))
                        .exposedHeaders(List.of("Content-Length", "Content-Range", "Content-Type", "ETag", "Accept-Ranges"))
                        .maxAge(3600)
                        .build()))
                .removalPolicy(retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY)
                .autoDeleteObjects(!retain)
                .build());

        NagSuppressions.addResourceSuppressions(outputBucket, List.of(NagPackSuppression.builder()
                .id("AwsSolutions-S1")
                .reason("every hand-out of a result is recorded by the API's download route in url_access_logs and"
                        + " every read and write of the service in storage_operations; S3 server access logs would"
                        + " need a second bucket that records the same")
                .build()), true);
        distribution = config.cloudFront() ? resultsDistribution(config) : null;

        new CfnOutput(this, "OutputBucketName", CfnOutputProps.builder()
                .value(outputBucket.getBucketName())
                .description("Rendered videos are stored under " + OUTPUT_PREFIX)
                .build());
        if (distribution != null) {
            new CfnOutput(this, "ResultsDomainName", CfnOutputProps.builder()
                    .value(distribution.getDistributionDomainName())
                    .description("CloudFront domain results are served from")
                    .build());
        }
    }

    private Distribution resultsDistribution(EnvironmentConfig config) {
        Distribution cdn = new Distribution(this, "ResultsDistribution", DistributionProps.builder()
                .comment(config.resourcePrefix() + " rendered videos")
                .defaultBehavior(BehaviorOptions.builder()
                        .origin(S3BucketOrigin.withOriginAccessControl(outputBucket))
                        .viewerProtocolPolicy(ViewerProtocolPolicy.REDIRECT_TO_HTTPS)
                        .allowedMethods(AllowedMethods.ALLOW_GET_HEAD_OPTIONS)
                        .cachePolicy(CachePolicy.CACHING_OPTIMIZED)
                        // forwards Origin so the bucket's CORS rule answers browsers through CloudFront too
                        .originRequestPolicy(OriginRequestPolicy.CORS_S3_ORIGIN)
                        .build())
                .priceClass(PriceClass.PRICE_CLASS_100)
                .httpVersion(HttpVersion.HTTP2_AND_3)
                .minimumProtocolVersion(SecurityPolicyProtocol.TLS_V1_2_2021)
                .build());
        NagSuppressions.addResourceSuppressions(cdn, List.of(
                NagPackSuppression.builder().id("AwsSolutions-CFR1")
                        .reason("results are delivered to the callers' users wherever they are; no country is excluded")
                        .build(),
                NagPackSuppression.builder().id("AwsSolutions-CFR2")
                        .reason("the distribution serves only finished results under processed/ (GET and HEAD, keys"
                                + " unguessable); requests that do work go through the API, throttled per stage and"
                                + " rate-limited per owner")
                        .build(),
                NagPackSuppression.builder().id("AwsSolutions-CFR3")
                        .reason("CloudFront standard logs need an ACL-enabled log bucket; result hand-outs through"
                                + " the API are recorded in url_access_logs")
                        .build(),
                NagPackSuppression.builder().id("AwsSolutions-CFR4")
                        .reason("the distribution answers on its cloudfront.net name, whose certificate CloudFront"
                                + " serves with its own minimum protocol; TLS_V1_2_2021 applies as soon as a custom"
                                + " domain and certificate are added")
                        .build()), true);
        // Origin access control grants the distribution every object; only rendered results are public.
        outputBucket.addToResourcePolicy(new PolicyStatement(PolicyStatementProps.builder()
                .sid("DistributionReadsRenderedVideosOnly")
                .effect(Effect.DENY)
                .principals(List.of(new ServicePrincipal("cloudfront.amazonaws.com")))
                .actions(List.of("s3:GetObject"))
                .notResources(List.of(outputBucket.arnForObjects(OUTPUT_PREFIX + "*")))
                .conditions(Map.of("StringEquals", Map.of("AWS:SourceArn", cdn.getDistributionArn())))
                .build()));
        return cdn;
    }

    public Bucket outputBucket() {
        return outputBucket;
    }

    /** The CloudFront distribution results are served from, in environments that enable it. */
    public Optional<Distribution> distribution() {
        return Optional.ofNullable(distribution);
    }
}
