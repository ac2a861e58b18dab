package dev.videogen.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
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
        assertThat(s3).noneMatch(g -> g.startsWith("s3:PutObject") && g.endsWith("/inputs/*"));
        assertThat(s3).noneMatch(g -> g.startsWith("s3:DeleteObject"));

        List<String> sqs = actionsOf(env, "api", "sqs");
        assertThat(sqs).contains("sqs:SendMessage on " + renderQueueArn(env))
                .noneMatch(g -> g.startsWith("sqs:ReceiveMessage") || g.startsWith("sqs:DeleteMessage"))
                .allSatisfy(g -> assertThat(g).endsWith(renderQueueArn(env)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void renderFunctionReadsSourcesWritesResultsAndConsumesOnlyTheRenderQueue(String name) {
        Synthesis env = Synthesis.of(name);
        List<String> s3 = actionsOf(env, "render", "s3");
        assertThat(s3).anyMatch(g -> g.startsWith("s3:PutObject on ") && g.endsWith("/processed/*"));
        assertThat(s3).anyMatch(g -> g.startsWith("s3:GetObject on ") && g.endsWith("/processed/*"));
        assertThat(s3).anyMatch(g -> g.startsWith("s3:GetObject on ") && g.endsWith("/inputs/*"));
        assertThat(s3).noneMatch(g -> g.startsWith("s3:PutObject") && !g.endsWith("/processed/*"));
        assertThat(s3).allSatisfy(grant -> assertThat(grant).containsAnyOf("/processed/*", "/inputs/*", "ListBucket"));

        List<String> sqs = actionsOf(env, "render", "sqs");
        assertThat(sqs).contains("sqs:ReceiveMessage on " + renderQueueArn(env), "sqs:DeleteMessage on " + renderQueueArn(env),
                        "sqs:ChangeMessageVisibility on " + renderQueueArn(env))
                .noneMatch(g -> g.startsWith("sqs:SendMessage"))
                .allSatisfy(g -> assertThat(g).endsWith(renderQueueArn(env)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void listingIsLimitedToTheServicePrefixes(String name) {
        Synthesis env = Synthesis.of(name);
        for (String role : List.of("api", "render")) {
            JsonNode list = env.policyStatements(role).stream()
                    .filter(s -> Synthesis.actions(s).contains("s3:ListBucket")).findFirst().orElseThrow();
            assertThat(Synthesis.strings(list.path("Condition").path("StringLikeIfExists").path("s3:prefix")))
                    .containsExactlyInAnyOrder("processed/*", "inputs/*");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void functionsThatDoNotTouchObjectsOrTheRenderQueueHaveNoAccessToThem(String name) {
        Synthesis env = Synthesis.of(name);
        for (String role : List.of("dead-letter", "sweeper", "migration")) {
            assertThat(actionsOf(env, role, "s3")).as(role).isEmpty();
            assertThat(actionsOf(env, role, "sqs")).as(role)
                    .allSatisfy(g -> assertThat(g).endsWith(deadLetterQueueArn(env)));
        }
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
