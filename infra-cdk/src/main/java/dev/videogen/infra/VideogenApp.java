package dev.videogen.infra;

import java.nio.file.Path;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Tags;

/**
 * The CDK app: {@code cdk synth|deploy -c env=dev|staging|prod} defines that environment's stack
 * set, {@code videogen-<env>-storage} (bucket, optional CloudFront) and
 * {@code videogen-<env>-service} (API, queue, functions, migration, alarms).
 */
public final class VideogenApp {

    private VideogenApp() {
    }

    public static void main(String[] args) {
        App app = new App();
        Deployment deployment = Deployment.fromContext(key -> app.getNode().tryGetContext(key), Path.of(""));
        // The CDK CLI sets these from the caller's credentials; without them the stacks stay account-agnostic.
        Environment target = Environment.builder()
                .account(System.getenv("CDK_DEFAULT_ACCOUNT"))
                .region(System.getenv("CDK_DEFAULT_REGION"))
                .build();
        defineStacks(app, deployment, target);
        checkAgainstAwsSolutions(app);
        app.synth();
    }

    /**
     * Runs cdk-nag's AwsSolutions pack over everything in {@code app} when it is synthesized: a finding that is not
     * suppressed (with its reason, next to the resource) is an error, and {@code cdk synth} and the tests fail on it.
     */
    public static void checkAgainstAwsSolutions(App app) {
        Aspects.of(app).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
    }

    /** Adds the environment's stack set to {@code app}. */
    public static StackSet defineStacks(App app, Deployment deployment, Environment target) {
        EnvironmentConfig config = deployment.config();
        String prefix = config.resourcePrefix();
        StorageStack storage = new StorageStack(app, prefix + "-storage", StackProps.builder()
                .env(target)
                .description("Videogen " + config.name() + ": output bucket and result delivery")
                .terminationProtection(config.retainDataOnTeardown())
                .build(), deployment);
        ServiceStack service = new ServiceStack(app, prefix + "-service", StackProps.builder()
                .env(target)
                .description("Videogen " + config.name() + ": HTTP API, render queue, functions, migration, alarms")
                .build(), deployment, storage);
        Tags.of(app).add("project", "videogen");
        Tags.of(app).add("environment", config.name());
        return new StackSet(storage, service);
    }

    /** The two stacks of one environment. */
    public record StackSet(StorageStack storage, ServiceStack service) {
    }
}
