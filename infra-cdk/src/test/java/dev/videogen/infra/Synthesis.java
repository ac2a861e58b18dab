package dev.videogen.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.assertions.Template;

/**
 * Synthesises environments the way {@code cdk synth -c env=…} does (same context flags from
 * cdk.json, same artifacts from the reactor build) and keeps each result for the whole test run:
 * jsii starts node for every synthesis, so each environment is synthesised once.
 */
final class Synthesis {

    /** A Supabase project URL for the JWT environments; synthesis never contacts it. */
    static final String SUPABASE_URL = "https://exampleproject.supabase.co";

    static final ObjectMapper JSON = new ObjectMapper();

    private static final Map<String, Synthesis> BY_ENVIRONMENT = new ConcurrentHashMap<>();

    final Deployment deployment;
    final VideogenApp.StackSet stacks;
    final Template storage;
    final Template service;
    final JsonNode storageJson;
    final JsonNode serviceJson;

    private Synthesis(Deployment deployment, VideogenApp.StackSet stacks) {
        this.deployment = deployment;
        this.stacks = stacks;
        this.storage = Template.fromStack(stacks.storage());
        this.service = Template.fromStack(stacks.service());
        this.storageJson = JSON.valueToTree(storage.toJSON());
        this.serviceJson = JSON.valueToTree(service.toJSON());
    }

    /** The named environment, synthesised from context as the CDK CLI would. */
    static Synthesis of(String environment) {
        return BY_ENVIRONMENT.computeIfAbsent(environment, Synthesis::synthesiseFromContext);
    }

    /** An environment built from a config the named ones do not use, for rules that depend on a value. */
    static Synthesis ofConfig(EnvironmentConfig config) {
        return ofConfig(config, "variant-" + config.name());
    }

    /** As {@link #ofConfig(EnvironmentConfig)}, synthesised into its own output directory. */
    static Synthesis ofConfig(EnvironmentConfig config, String outputName) {
        Deployment named = Deployment.fromContext(contextFor(config.name())::get, Path.of(""));
        Deployment deployment = new Deployment(config,
                config.authMode() == AuthMode.JWT ? Optional.of(SupabaseJwt.forProject(SUPABASE_URL,
                        Deployment.DEFAULT_JWT_AUDIENCE)) : Optional.empty(),
                named.databaseSecret(), named.webhookSecret(), named.jwtSecret(), named.corsAllowedOrigins(),
                named.alarmEmail(), named.artifacts());
        return synthesise(deployment, outputName);
    }

    /**
     * The named environment with more context ({@code -c key=value}), as a deployer would pass it; kept for the
     * run under {@code outputName}.
     */
    static Synthesis withContext(String environment, Map<String, Object> extra, String outputName) {
        return BY_ENVIRONMENT.computeIfAbsent(outputName, key -> {
            Map<String, Object> context = contextFor(environment);
            context.putAll(extra);
            return synthesise(Deployment.fromContext(context::get, Path.of("")), outputName);
        });
    }

    static Map<String, Object> contextFor(String environment) {
        Map<String, Object> context = new HashMap<>(cdkJsonContext());
        context.put(Deployment.ENV, environment);
        if (EnvironmentConfig.named(environment).authMode() == AuthMode.JWT) {
            context.put(Deployment.SUPABASE_URL, SUPABASE_URL);
        }
        return context;
    }

    private static Synthesis synthesiseFromContext(String environment) {
        Map<String, Object> context = contextFor(environment);
        return synthesise(Deployment.fromContext(context::get, Path.of("")), environment);
    }

    private static Synthesis synthesise(Deployment deployment, String outputName) {
        Path outdir = Path.of("target", "cdk-synth", outputName).toAbsolutePath();
        // Staged assets are named by hash, so each rebuilt jar would otherwise add another copy.
        deleteRecursively(outdir);
        App app = new App(AppProps.builder()
                .context(cdkJsonContext())
                .outdir(outdir.toString())
                .build());
        return new Synthesis(deployment, VideogenApp.defineStacks(app, deployment, null));
    }

    private static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear " + directory, e);
        }
    }

    /** The feature flags the CDK CLI passes from cdk.json. */
    static Map<String, Object> cdkJsonContext() {
        try {
            JsonNode context = JSON.readTree(Path.of("cdk.json").toFile()).path("context");
            Map<String, Object> flags = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> field : context.properties()) {
                flags.put(field.getKey(), JSON.treeToValue(field.getValue(), Object.class));
            }
            return flags;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read cdk.json", e);
        }
    }

    /** Resources of {@code type} in the service stack, by logical id. */
    Map<String, JsonNode> serviceResources(String type) {
        return resources(serviceJson, type);
    }

    Map<String, JsonNode> storageResources(String type) {
        return resources(storageJson, type);
    }

    static Map<String, JsonNode> resources(JsonNode template, String type) {
        Map<String, JsonNode> found = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : template.path("Resources").properties()) {
            if (type.equals(entry.getValue().path("Type").asText())) {
                found.put(entry.getKey(), entry.getValue());
            }
        }
        return found;
    }

    /** The single resource of {@code type} whose properties have {@code property} = {@code value}. */
    JsonNode serviceResource(String type, String property, String value) {
        List<JsonNode> matches = new ArrayList<>();
        for (JsonNode resource : serviceResources(type).values()) {
            if (value.equals(resource.path("Properties").path(property).asText())) {
                matches.add(resource);
            }
        }
        if (matches.size() != 1) {
            throw new AssertionError(matches.size() + " " + type + " with " + property + " = " + value);
        }
        return matches.get(0);
    }

    /** The logical id of the function named {@code videogen-<env>-<role>}. */
    String functionId(String role) {
        String name = deployment.config().resourcePrefix() + "-" + role;
        for (Map.Entry<String, JsonNode> entry : serviceResources("AWS::Lambda::Function").entrySet()) {
            if (name.equals(entry.getValue().path("Properties").path("FunctionName").asText())) {
                return entry.getKey();
            }
        }
        throw new AssertionError("no function named " + name);
    }

    JsonNode function(String role) {
        return serviceJson.path("Resources").path(functionId(role));
    }

    /** The statements of the inline policy attached to the role of the function named for {@code role}. */
    List<JsonNode> policyStatements(String role) {
        String roleId = function(role).path("Properties").path("Role").path("Fn::GetAtt").path(0).asText();
        List<JsonNode> statements = new ArrayList<>();
        for (JsonNode policy : serviceResources("AWS::IAM::Policy").values()) {
            for (JsonNode attachedRole : policy.path("Properties").path("Roles")) {
                if (roleId.equals(attachedRole.path("Ref").asText())) {
                    policy.path("Properties").path("PolicyDocument").path("Statement").forEach(statements::add);
                }
            }
        }
        return statements;
    }

    /** Actions of a statement, whether CloudFormation has them as a string or a list. */
    static List<String> actions(JsonNode statement) {
        return strings(statement.path("Action"));
    }

    static List<String> strings(JsonNode node) {
        List<String> values = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(value -> values.add(value.asText()));
        } else if (!node.isMissingNode()) {
            values.add(node.asText());
        }
        return values;
    }

    /** A CloudFormation value flattened to text, so an ARN built with Fn::Join can be matched by its literal parts. */
    static String flatten(JsonNode value) {
        if (value.isTextual()) {
            return value.asText();
        }
        StringBuilder text = new StringBuilder();
        if (value.isObject() && value.has("Fn::Join")) {
            for (JsonNode part : value.path("Fn::Join").path(1)) {
                text.append(flatten(part));
            }
            return text.toString();
        }
        if (value.isArray()) {
            value.forEach(element -> text.append(flatten(element)).append(' '));
            return text.toString().trim();
        }
        return value.toString();
    }
}
