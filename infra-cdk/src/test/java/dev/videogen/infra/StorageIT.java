package dev.videogen.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.assertions.Match;

class StorageIT {

    @BeforeAll
    static void synthesise() {
        EnvironmentConfig.NAMES.forEach(Synthesis::of);
    }

    static JsonNode bucket(Synthesis env) {
        Map<String, JsonNode> buckets = env.storageResources("AWS::S3::Bucket");
        assertThat(buckets).hasSize(1);
        return buckets.values().iterator().next();
    }

    static List<JsonNode> bucketPolicyStatements(Synthesis env) {
        List<JsonNode> statements = new java.util.ArrayList<>();
        env.storageResources("AWS::S3::BucketPolicy").values().forEach(policy ->
                policy.path("Properties").path("PolicyDocument").path("Statement").forEach(statements::add));
        return statements;
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void theBucketBlocksEveryFormOfPublicAccess(String name) {
        JsonNode properties = bucket(Synthesis.of(name)).path("Properties");
        JsonNode block = properties.path("PublicAccessBlockConfiguration");
        for (String setting : List.of("BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets")) {
            assertThat(block.path(setting).asBoolean()).as(setting).isTrue();
        }
        assertThat(properties.has("AccessControl")).isFalse();
        assertThat(properties.has("WebsiteConfiguration")).isFalse();
        assertThat(properties.path("OwnershipControls").path("Rules").path(0).path("ObjectOwnership").asText())
                .isEqualTo("BucketOwnerEnforced");
        // No statement lets anyone in: an Allow names either a role of this stack (dev's auto-delete
        // on teardown) or a service held to one source by a condition (CloudFront in prod).
        for (JsonNode statement : bucketPolicyStatements(Synthesis.of(name))) {
            if ("Allow".equals(statement.path("Effect").asText())) {
                JsonNode principal = statement.path("Principal");
                assertThat(principal.toString()).as(statement.toString()).doesNotContain("\"*\"");
                if (principal.has("Service")) {
                    assertThat(statement.has("Condition")).as(statement.toString()).isTrue();
                } else {
                    assertThat(principal.path("AWS").path("Fn::GetAtt").path(1).asText()).as(statement.toString())
                            .isEqualTo("Arn");
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void theBucketEncryptsAtRestAndRefusesPlainHttp(String name) {
        Synthesis env = Synthesis.of(name);
        assertThat(bucket(env).path("Properties").path("BucketEncryption").path("ServerSideEncryptionConfiguration")
                .path(0).path("ServerSideEncryptionByDefault").path("SSEAlgorithm").asText()).isEqualTo("AES256");
        assertThat(bucketPolicyStatements(env)).anySatisfy(statement -> {
            assertThat(statement.path("Effect").asText()).isEqualTo("Deny");
            assertThat(statement.path("Condition").path("Bool").path("aws:SecureTransport").asText()).isEqualTo("false");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void renderedVideosExpireAfterTheEnvironmentsDaysUploadsAfterAWeekAndNothingElseDoes(String name) {
        Synthesis env = Synthesis.of(name);
        env.storage.hasResourceProperties("AWS::S3::Bucket", Map.of(
                "LifecycleConfiguration", Map.of("Rules", Match.arrayWith(List.of(Map.of(
                        "Id", "expire-rendered-videos",
                        "Prefix", "processed/",
                        "ExpirationInDays", env.deployment.config().outputExpirationDays(),
                        "Status", "Enabled"))))));
        env.storage.hasResourceProperties("AWS::S3::Bucket", Map.of(
                "LifecycleConfiguration", Map.of("Rules", Match.arrayWith(List.of(Map.of(
                        "Id", "expire-chunk-pieces",
                        "Prefix", "chunks/",
                        "ExpirationInDays", 1,
                        "Status", "Enabled"))))));
        for (JsonNode rule : bucket(env).path("Properties").path("LifecycleConfiguration").path("Rules")) {
            if (rule.has("ExpirationInDays")) {
                assertThat(rule.path("Prefix").asText()).isIn("processed/", "inputs/", "chunks/");
            }
            if (rule.path("Prefix").asText().equals("inputs/")) {
                assertThat(rule.path("ExpirationInDays").asInt()).isEqualTo(StorageStack.UPLOAD_EXPIRATION_DAYS);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void onlyUploadsNoJobHasReadExpireAndThoseAJobReadAreKept(String name) {
        List<JsonNode> inputRules = new java.util.ArrayList<>();
        for (JsonNode rule : bucket(Synthesis.of(name)).path("Properties").path("LifecycleConfiguration").path("Rules")) {
            if (rule.path("Prefix").asText().startsWith("inputs")) {
                inputRules.add(rule);
            }
        }
        // one rule over inputs/, and it selects the tag POST /v1/uploads signs into each upload
        // (videogen-upload=unused); the service retags a file videogen-upload=used when a job reads it
        assertThat(inputRules).singleElement().satisfies(rule -> {
            assertThat(rule.path("Id").asText()).isEqualTo("expire-unused-uploads");
            assertThat(rule.path("Status").asText()).isEqualTo("Enabled");
            assertThat(rule.path("ExpirationInDays").asInt()).isEqualTo(StorageStack.UPLOAD_EXPIRATION_DAYS);
            assertThat(rule.path("TagFilters")).hasSize(1);
            assertThat(rule.path("TagFilters").path(0).path("Key").asText()).isEqualTo("videogen-upload");
            assertThat(rule.path("TagFilters").path(0).path("Value").asText()).isEqualTo("unused");
        });
    }

    @Test
    void outputsExpireAfterThirtyDaysUnlessTheEnvironmentSaysOtherwise() {
        assertThat(Synthesis.of("staging").deployment.config().outputExpirationDays()).isEqualTo(30);
        assertThat(Synthesis.of("prod").deployment.config().outputExpirationDays()).isEqualTo(30);
        assertThat(Synthesis.of("dev").deployment.config().outputExpirationDays()).isEqualTo(7);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void browsersMayGetHeadAndPutPresignedUploadsOnly(String name) {
        JsonNode cors = bucket(Synthesis.of(name)).path("Properties").path("CorsConfiguration").path("CorsRules");
        assertThat(cors).hasSize(1);
        assertThat(Synthesis.strings(cors.path(0).path("AllowedMethods"))).containsExactlyInAnyOrder("GET", "HEAD", "PUT");
        assertThat(Synthesis.strings(cors.path(0).path("AllowedOrigins"))).containsExactly("*");
    }

    @Test
    void devDeletesItsBucketOnTeardownWhileStagingAndProdKeepIt() {
        JsonNode dev = bucket(Synthesis.of("dev"));
        assertThat(dev.path("DeletionPolicy").asText()).isEqualTo("Delete");
        assertThat(Synthesis.of("dev").storageResources("Custom::S3AutoDeleteObjects")).hasSize(1);
        for (String name : List.of("staging", "prod")) {
            assertThat(bucket(Synthesis.of(name)).path("DeletionPolicy").asText()).as(name).isEqualTo("Retain");
            assertThat(Synthesis.of(name).storageResources("Custom::S3AutoDeleteObjects")).as(name).isEmpty();
            assertThat(Synthesis.of(name).stacks.storage().getTerminationProtection()).as(name).isTrue();
        }
        assertThat(Synthesis.of("dev").stacks.storage().getTerminationProtection()).isFalse();
    }

    @Test
    void prodServesResultsThroughCloudFrontWithOriginAccessControl() {
        Synthesis prod = Synthesis.of("prod");
        prod.storage.resourceCountIs("AWS::CloudFront::Distribution", 1);
        prod.storage.hasResourceProperties("AWS::CloudFront::OriginAccessControl", Map.of(
                "OriginAccessControlConfig", Match.objectLike(Map.of(
                        "OriginAccessControlOriginType", "s3",
                        "SigningBehavior", "always",
                        "SigningProtocol", "sigv4"))));
        prod.storage.hasResourceProperties("AWS::CloudFront::Distribution", Map.of(
                "DistributionConfig", Match.objectLike(Map.of(
                        "Origins", List.of(Match.objectLike(Map.of(
                                "OriginAccessControlId", Match.anyValue(),
                                "S3OriginConfig", Map.of("OriginAccessIdentity", "")))),
                        "DefaultCacheBehavior", Match.objectLike(Map.of(
                                "ViewerProtocolPolicy", "redirect-to-https",
                                "AllowedMethods", List.of("GET", "HEAD", "OPTIONS")))))));
    }

    @Test
    void cloudFrontCanReadRenderedVideosButNothingElseInTheBucket() {
        List<JsonNode> cloudFrontStatements = bucketPolicyStatements(Synthesis.of("prod")).stream()
                .filter(s -> s.path("Principal").path("Service").asText().equals("cloudfront.amazonaws.com"))
                .toList();
        assertThat(cloudFrontStatements).anySatisfy(allow -> {
            assertThat(allow.path("Effect").asText()).isEqualTo("Allow");
            assertThat(Synthesis.actions(allow)).containsExactly("s3:GetObject");
            assertThat(allow.path("Condition").path("StringEquals").has("AWS:SourceArn")).isTrue();
        });
        assertThat(cloudFrontStatements).anySatisfy(deny -> {
            assertThat(deny.path("Effect").asText()).isEqualTo("Deny");
            assertThat(Synthesis.actions(deny)).containsExactly("s3:GetObject");
            assertThat(Synthesis.flatten(deny.path("NotResource"))).endsWith("/processed/*");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging"})
    void withoutCloudFrontResultsArePresignedAndNoPublicBaseUrlIsSet(String name) {
        Synthesis env = Synthesis.of(name);
        env.storage.resourceCountIs("AWS::CloudFront::Distribution", 0);
        for (JsonNode function : env.serviceResources("AWS::Lambda::Function").values()) {
            assertThat(function.path("Properties").path("Environment").path("Variables").has("PUBLIC_BASE_URL")).isFalse();
        }
    }

    @Test
    void withCloudFrontTheFunctionsBuildResultUrlsOnTheDistributionsDomain() {
        Synthesis prod = Synthesis.of("prod");
        for (String role : List.of("api", "render")) {
            JsonNode publicBaseUrl = prod.function(role).path("Properties").path("Environment").path("Variables")
                    .path("PUBLIC_BASE_URL");
            assertThat(Synthesis.flatten(publicBaseUrl)).startsWith("https://");
            assertThat(publicBaseUrl.toString()).contains("ResultsDistribution").contains("DomainName");
        }
    }
}
