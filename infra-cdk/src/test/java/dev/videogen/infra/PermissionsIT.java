package dev.videogen.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Least privilege: each function's inline policy, statement by statement. */
class PermissionsIT {

    static final Set<String> ROLES = Set.of("api", "render", "dead-letter", "sweeper", "migration");

    @BeforeAll
    static void synthesise() {
        EnvironmentConfig.NAMES.forEach(Synthesis::of);
    }

    /** "action on resource" for every Allow statement of the function, resources flattened to text. */
    static Set<String> grants(Synthesis env, String role) {
        Set<String> grants = new TreeSet<>();
        for (JsonNode statement : env.policyStatements(role)) {
            assertThat(statement.path("Effect").asText()).isEqualTo("Allow");
            List<String> resources = new ArrayList<>();
            JsonNode resource = statement.path("Resource");
            if (resource.isArray()) {
                resource.forEach(r -> resources.add(Synthesis.flatten(r)));
            } else {
                resources.add(Synthesis.flatten(resource));
            }
            for (String action : Synthesis.actions(statement)) {
                for (String target : resources) {
                    grants.add(action + " on " + target);
                }
            }
        }
        return grants;
    }

    static List<String> actionsOf(Synthesis env, String role, String service) {
        return grants(env, role).stream().filter(g -> g.startsWith(service + ":")).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void noFunctionIsGrantedAWildcardActionOrResource(String name) {
        Synthesis env = Synthesis.of(name);
        for (String role : ROLES) {
            for (JsonNode statement : env.policyStatements(role)) {
                assertThat(Synthesis.actions(statement)).as(role).noneMatch(action -> action.endsWith(":*") || action.equals("*"));
                assertThat(Synthesis.flatten(statement.path("Resource"))).as(role).isNotEqualTo("*");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void apiFunctionPresignsAndWritesResultsUnderProcessedAndOnlySendsToTheRenderQueue(String name) {
        Synthesis env = Synthesis.of(name);
        List<String> s3 = actionsOf(env, "api", "s3");
        assertThat(s3).allSatisfy(grant -> assertThat(grant).containsAnyOf("/processed/*", "/inputs/*", "ListBucket"));
        assertThat(s3).anyMatch(g -> g.startsWith("s3:GetObject on ") && g.endsWith("/processed/*"));
        assertThat(s3).anyMatch(g -> g.startsWith("s3:PutObject on ") && g.endsWith("/processed/*"));
        // it presigns the PUTs of POST /v1/uploads, which carry its permission: inputs only, never a result
        assertThat(s3).anyMatch(g -> g.startsWith("s3:PutObject on ") && g.endsWith("/inputs/*"));
        // the upload's videogen-upload=unused tag is signed into the PUT; reading a source retags it used
        assertThat(s3).anyMatch(g -> g.startsWith("s3:PutObjectTagging on ") && g.endsWith("/inputs/*"));
        // A job cancelled while its result was uploading has that object deleted.
        assertThat(s3).anyMatch(g -> g.startsWith("s3:DeleteObject on ") && g.endsWith("/processed/*"));

        List<String> sqs = actionsOf(env, "api", "sqs");
        assertThat(sqs).contains("sqs:SendMessage on " + renderQueueArn(env))
                .noneMatch(g -> g.startsWith("sqs:ReceiveMessage") || g.startsWith("sqs:DeleteMessage"))
                .allSatisfy(g -> assertThat(g).endsWith(renderQueueArn(env)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void renderFunctionReadsSourcesWritesResultsAndPiecesAndUsesOnlyTheRenderQueue(String name) {
        Synthesis env = Synthesis.of(name);
        List<String> s3 = actionsOf(env, "render", "s3");
        assertThat(s3).anyMatch(g -> g.startsWith("s3:PutObject on ") && g.endsWith("/processed/*"));
        assertThat(s3).anyMatch(g -> g.startsWith("s3:GetObject on ") && g.endsWith("/processed/*"));
        assertThat(s3).anyMatch(g -> g.startsWith("s3:GetObject on ") && g.endsWith("/inputs/*"));
        // a source it reads is retagged videogen-upload=used, so the rule for unused uploads leaves it alone
        assertThat(s3).anyMatch(g -> g.startsWith("s3:PutObjectTagging on ") && g.endsWith("/inputs/*"));
        assertThat(s3).noneMatch(g -> g.startsWith("s3:PutObject ") && !g.endsWith("/processed/*")
                && !g.endsWith("/chunks/*"));
        assertThat(s3).anyMatch(g -> g.startsWith("s3:DeleteObject on ") && g.endsWith("/processed/*"));
        // the pieces of chunked jobs: stored by the worker that renders them, read and deleted by the stitcher
        for (String action : List.of("s3:PutObject", "s3:GetObject", "s3:DeleteObject")) {
            assertThat(s3).anyMatch(g -> g.startsWith(action + " on ") && g.endsWith("/chunks/*"));
        }
        assertThat(s3).allSatisfy(grant -> assertThat(grant).containsAnyOf("/processed/*", "/inputs/*", "/chunks/*",
                "ListBucket"));

        List<String> sqs = actionsOf(env, "render", "sqs");
        assertThat(sqs).contains("sqs:ReceiveMessage on " + renderQueueArn(env), "sqs:DeleteMessage on " + renderQueueArn(env),
                        "sqs:ChangeMessageVisibility on " + renderQueueArn(env), "sqs:SendMessage on " + renderQueueArn(env))
                .allSatisfy(g -> assertThat(g).endsWith(renderQueueArn(env)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void onlyTheRenderFunctionTouchesThePiecesOfChunkedJobs(String name) {
        Synthesis env = Synthesis.of(name);
        for (String role : ROLES) {
            if (!role.equals("render")) {
                assertThat(grants(env, role)).as(role).noneMatch(g -> g.contains("/chunks/"));
            }
        }
        JsonNode list = env.policyStatements("render").stream()
                .filter(s -> Synthesis.actions(s).contains("s3:ListBucket")
                        && s.path("Condition").has("StringLike")).findFirst().orElseThrow();
        assertThat(Synthesis.strings(list.path("Condition").path("StringLike").path("s3:prefix")))
                .containsExactly("chunks/*");
    }

    /** Whether an IAM action, wildcards included, allows deleting an object or an object version. */
    static boolean deletesObjects(String action) {
        String pattern = action.toLowerCase(Locale.ROOT).replace("*", ".*").replace("?", ".");
        return Stream.of("s3:deleteobject", "s3:deleteobjectversion").anyMatch(deletion -> deletion.matches(pattern));
    }

    /** "action on resource" for every deleting action allowed by {@code statements}. */
    static List<String> deleteGrants(Iterable<JsonNode> statements) {
        List<String> found = new ArrayList<>();
        for (JsonNode statement : statements) {
            if (!"Allow".equals(statement.path("Effect").asText())) {
                continue;
            }
            for (String action : Synthesis.actions(statement)) {
                if (deletesObjects(action)) {
                    JsonNode resource = statement.path("Resource");
                    if (resource.isArray()) {
                        resource.forEach(r -> found.add(action + " on " + Synthesis.flatten(r)));
                    } else {
                        found.add(action + " on " + Synthesis.flatten(resource));
                    }
                }
            }
        }
        return found;
    }

    static List<String> identityDeleteGrants(JsonNode template) {
        List<String> deletes = new ArrayList<>();
        for (JsonNode policy : Synthesis.resources(template, "AWS::IAM::Policy").values()) {
            deletes.addAll(deleteGrants(policy.path("Properties").path("PolicyDocument").path("Statement")));
        }
        for (JsonNode role : Synthesis.resources(template, "AWS::IAM::Role").values()) {
            for (JsonNode inline : role.path("Properties").path("Policies")) {
                deletes.addAll(deleteGrants(inline.path("PolicyDocument").path("Statement")));
            }
        }
        return deletes;
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void noFunctionCanDeleteObjectsOutsideProcessed(String name) {
        Synthesis env = Synthesis.of(name);
        // Every identity policy of both stacks, CDK's own provider functions included.
        List<String> deletes = identityDeleteGrants(env.serviceJson);
        assertThat(deletes).hasSize(3) // api and render under processed/, render under chunks/
                .allSatisfy(g -> assertThat(g).startsWith("s3:DeleteObject on ").containsAnyOf("/processed/*",
                        "/chunks/*"));
        assertThat(deletes).filteredOn(g -> g.endsWith("/chunks/*")).hasSize(1);
        assertThat(identityDeleteGrants(env.storageJson)).isEmpty();
        for (String role : List.of("dead-letter", "sweeper", "migration")) {
            assertThat(deleteGrants(env.policyStatements(role))).as(role).isEmpty();
        }
        if (env.deployment.config().authMode() == AuthMode.API_KEY) {
            assertThat(deleteGrants(env.policyStatements("authorizer"))).isEmpty();
        }
        // The bucket policy lets nothing delete, except, where data is not kept, CDK's emptying of the bucket on teardown.
        for (JsonNode policy : env.storageResources("AWS::S3::BucketPolicy").values()) {
            for (JsonNode statement : policy.path("Properties").path("PolicyDocument").path("Statement")) {
                if (!deleteGrants(List.of(statement)).isEmpty()) {
                    assertThat(env.deployment.config().retainDataOnTeardown()).as(name + " keeps its data").isFalse();
                    assertThat(Synthesis.flatten(statement.path("Principal"))).contains("CustomS3AutoDeleteObjects");
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void listingIsLimitedToTheServicePrefixes(String name) {
        Synthesis env = Synthesis.of(name);
        for (String role : List.of("api", "render")) {
            JsonNode list = env.policyStatements(role).stream()
                    .filter(s -> Synthesis.actions(s).contains("s3:ListBucket")
                            && s.path("Condition").has("StringLikeIfExists")).findFirst().orElseThrow();
            assertThat(Synthesis.strings(list.path("Condition").path("StringLikeIfExists").path("s3:prefix")))
                    .containsExactlyInAnyOrder("processed/*", "inputs/*");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void functionsThatDoNotTouchObjectsOrTheRenderQueueHaveNoAccessToThem(String name) {
        Synthesis env = Synthesis.of(name);
        for (String role : List.of("dead-letter", "migration")) {
            assertThat(actionsOf(env, role, "s3")).as(role).isEmpty();
            assertThat(actionsOf(env, role, "sqs")).as(role)
                    .allSatisfy(g -> assertThat(g).endsWith(deadLetterQueueArn(env)));
        }
        // the sweeper sends lost jobs to the render queue again, and does nothing else there
        assertThat(actionsOf(env, "sweeper", "s3")).isEmpty();
        assertThat(actionsOf(env, "sweeper", "sqs")).contains("sqs:SendMessage on " + renderQueueArn(env))
                .noneMatch(g -> g.startsWith("sqs:ReceiveMessage") || g.startsWith("sqs:DeleteMessage"));
        assertThat(actionsOf(env, "dead-letter", "sqs")).contains("sqs:ReceiveMessage on " + deadLetterQueueArn(env));
        if (env.deployment.config().authMode() == AuthMode.API_KEY) {
            assertThat(grants(env, "authorizer")).allSatisfy(g -> assertThat(g).startsWith("secretsmanager:"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void secretsAreReadableOnlyByName(String name) {
        Synthesis env = Synthesis.of(name);
        String database = ":secret:videogen/" + name + "/database-??????";
        String webhook = ":secret:videogen/" + name + "/webhook-signing-??????";
        for (String role : ROLES) {
            List<String> secretGrants = actionsOf(env, role, "secretsmanager");
            assertThat(secretGrants).as(role).allSatisfy(g -> assertThat(g).containsAnyOf(database, webhook));
            assertThat(secretGrants).as(role).contains("secretsmanager:GetSecretValue on arn:" + "{\"Ref\":\"AWS::Partition\"}"
                    + ":secretsmanager:{\"Ref\":\"AWS::Region\"}:{\"Ref\":\"AWS::AccountId\"}" + database);
        }
        // The migration only needs the database; it never signs webhooks.
        assertThat(actionsOf(env, "migration", "secretsmanager")).noneMatch(g -> g.contains(webhook));
        // The stacks create no secret of their own: values never enter a template.
        env.service.resourceCountIs("AWS::SecretsManager::Secret", 0);
        env.storage.resourceCountIs("AWS::SecretsManager::Secret", 0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void everyFunctionThatBuildsTheServiceIsToldAndMayReadTheWebhookSigningSecret(String name) {
        Synthesis env = Synthesis.of(name);
        String webhook = ":secret:videogen/" + name + "/webhook-signing";
        for (String role : List.of("api", "render", "dead-letter", "sweeper")) {
            JsonNode variables = env.function(role).path("Properties").path("Environment").path("Variables");
            assertThat(Synthesis.flatten(variables.path("WEBHOOK_SECRET_ARN"))).as(role).startsWith("arn:").endsWith(webhook);
            assertThat(actionsOf(env, role, "secretsmanager")).as(role)
                    .anyMatch(g -> g.startsWith("secretsmanager:GetSecretValue on arn:") && g.endsWith(webhook + "-??????"));
        }
        List<String> others = new ArrayList<>(List.of("migration"));
        if (env.deployment.config().authMode() == AuthMode.API_KEY) {
            others.add("authorizer");
        }
        for (String role : others) {
            assertThat(env.function(role).path("Properties").path("Environment").path("Variables")
                    .has("WEBHOOK_SECRET_ARN")).as(role).isFalse();
            assertThat(actionsOf(env, role, "secretsmanager")).as(role).noneMatch(g -> g.contains(webhook));
        }
    }

    @Test
    void anHs256JwtSecretIsReadableByTheApiFunctionAlone() {
        Synthesis env = Synthesis.withContext("staging", Map.of(Deployment.JWT_SECRET, "videogen/staging/supabase-jwt"),
                "staging-hs256");
        String jwt = ":secret:videogen/staging/supabase-jwt";
        assertThat(Synthesis.flatten(env.function("api").path("Properties").path("Environment").path("Variables")
                .path("JWT_SECRET_ARN"))).startsWith("arn:").endsWith(jwt);
        assertThat(actionsOf(env, "api", "secretsmanager"))
                .contains("secretsmanager:GetSecretValue on arn:{\"Ref\":\"AWS::Partition\"}:secretsmanager:"
                        + "{\"Ref\":\"AWS::Region\"}:{\"Ref\":\"AWS::AccountId\"}" + jwt + "-??????");
        for (String role : List.of("render", "dead-letter", "sweeper", "migration")) {
            assertThat(actionsOf(env, role, "secretsmanager")).as(role).noneMatch(g -> g.contains(jwt));
            assertThat(env.function(role).path("Properties").path("Environment").path("Variables").has("JWT_SECRET_ARN"))
                    .as(role).isFalse();
        }
        // HS256 tokens reach the function: no gateway authorizer in front of it.
        env.service.resourceCountIs("AWS::ApiGatewayV2::Authorizer", 0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void noEnvironmentVariableCarriesAConnectionStringOrPassword(String name) {
        Synthesis env = Synthesis.of(name);
        for (JsonNode function : env.serviceResources("AWS::Lambda::Function").values()) {
            String variables = function.path("Properties").path("Environment").path("Variables").toString().toLowerCase();
            assertThat(variables).doesNotContain("jdbc:").doesNotContain("postgres://").doesNotContain("password");
        }
    }

    static String renderQueueArn(Synthesis env) {
        return "{\"Fn::GetAtt\":[\"" + RenderPipelineIT.queueId(env, "-render") + "\",\"Arn\"]}";
    }

    static String deadLetterQueueArn(Synthesis env) {
        return "{\"Fn::GetAtt\":[\"" + RenderPipelineIT.queueId(env, "-render-dlq") + "\",\"Arn\"]}";
    }
}
