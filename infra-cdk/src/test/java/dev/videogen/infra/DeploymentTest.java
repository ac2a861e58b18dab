package dev.videogen.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading a deployment from CDK context, with build artifacts stood in by files in a temporary directory. */
class DeploymentTest {

    @TempDir
    Path repository;

    Map<String, Object> context = new HashMap<>();

    @BeforeEach
    void repositoryWithBuiltArtifacts() throws IOException {
        Files.createDirectories(repository.resolve("infra-cdk"));
        Files.writeString(repository.resolve("pom.xml"), "<project/>");
        for (String artifact : List.of(BuildArtifacts.FUNCTIONS_JAR, BuildArtifacts.LAYER_ZIP)) {
            Files.createDirectories(repository.resolve(artifact).getParent());
            Files.write(repository.resolve(artifact), new byte[] {'P', 'K'});
        }
        Files.createDirectories(repository.resolve(BuildArtifacts.MIGRATIONS_DIRECTORY));
    }

    Deployment read() {
        return Deployment.fromContext(context::get, repository.resolve("infra-cdk"));
    }

    @Test
    void theEnvironmentMustBeChosen() {
        assertThatThrownBy(this::read).hasMessageContaining("-c env=dev|staging|prod");
    }

    @Test
    void devDefaultsNameTheSecretsAfterTheEnvironmentAndFindTheArtifactsInTheRepository() {
        context.put("env", "dev");
        Deployment dev = read();
        assertThat(dev.databaseSecret().nameOrArn()).isEqualTo("videogen/dev/database");
        assertThat(dev.webhookSecret().nameOrArn()).isEqualTo("videogen/dev/webhook-signing");
        assertThat(dev.jwtSecret()).isEmpty();
        assertThat(dev.supabaseJwt()).isEmpty();
        assertThat(dev.corsAllowedOrigins()).containsExactly("*");
        assertThat(dev.artifacts().functionsJar()).isEqualTo(repository.resolve(BuildArtifacts.FUNCTIONS_JAR));
        assertThat(dev.artifacts().layerZip()).isEqualTo(repository.resolve(BuildArtifacts.LAYER_ZIP));
    }

    @Test
    void aJwtEnvironmentNeedsTheSupabaseProject() {
        context.put("env", "staging");
        assertThatThrownBy(this::read).hasMessageContaining("-c supabaseUrl=https://<project-ref>.supabase.co");
        context.put("supabaseUrl", "https://abcd.supabase.co/");
        SupabaseJwt jwt = read().supabaseJwt().orElseThrow();
        assertThat(jwt.issuer()).isEqualTo("https://abcd.supabase.co/auth/v1");
        assertThat(jwt.jwksUrl()).isEqualTo("https://abcd.supabase.co/auth/v1/.well-known/jwks.json");
        assertThat(jwt.audience()).isEqualTo("authenticated");
    }

    @Test
    void anHs256SecretCannotSitBehindTheGatewaysRs256OnlyAuthorizer() {
        context.put("env", "staging");
        context.put("supabaseUrl", "https://abcd.supabase.co");
        context.put("jwtSecret", "videogen/staging/supabase-jwt");
        Deployment staging = read();
        assertThat(staging.jwtSecret()).map(SecretReference::nameOrArn).hasValue("videogen/staging/supabase-jwt");
        EnvironmentConfig withGateway = ConfigVariants.with(staging.config(), "gatewayJwtAuthorizer", true);
        assertThatThrownBy(() -> new Deployment(withGateway, staging.supabaseJwt(), staging.databaseSecret(),
                staging.webhookSecret(), staging.jwtSecret(), staging.corsAllowedOrigins(), staging.alarmEmail(),
                staging.artifacts()))
                .hasMessageContaining("refuses HS256 tokens").hasMessageContaining("-c jwtSecret");
        assertThat(new Deployment(withGateway, staging.supabaseJwt(), staging.databaseSecret(), staging.webhookSecret(),
                Optional.empty(), staging.corsAllowedOrigins(), staging.alarmEmail(), staging.artifacts())
                .config().gatewayJwtAuthorizer()).isTrue();
    }

    @Test
    void aSupabaseProjectMustBeReachedOverHttps() {
        context.put("env", "prod");
        context.put("supabaseUrl", "http://abcd.supabase.co");
        assertThatThrownBy(this::read).hasMessageContaining("supabaseUrl must be an https URL");
    }

    @Test
    void secretsCanBeNamedOrGivenByCompleteArn() {
        context.put("env", "dev");
        context.put("databaseSecret", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:videogen/db-AbC123");
        context.put("webhookSecret", "team/videogen/webhooks");
        context.put("jwtSecret", "team/supabase/jwt");
        Deployment dev = read();
        assertThat(dev.databaseSecret().isCompleteArn()).isTrue();
        assertThat(dev.webhookSecret().isCompleteArn()).isFalse();
        assertThat(dev.jwtSecret()).map(SecretReference::nameOrArn).hasValue("team/supabase/jwt");
    }

    @Test
    void aPartialSecretArnIsRefusedBecauseGrantsWouldNotMatchIt() {
        assertThatThrownBy(() -> new SecretReference("arn:aws:secretsmanager:eu-west-1:123456789012:secret:videogen/db"))
                .hasMessageContaining("complete ARN");
        assertThatThrownBy(() -> new SecretReference(" ")).hasMessageContaining("required");
    }

    @Test
    void corsOriginsAndAlarmEmailComeFromContext() {
        context.put("env", "dev");
        context.put("corsAllowedOrigins", "https://app.example.com, https://admin.example.com");
        context.put("alarmEmail", "ops@example.com");
        Deployment dev = read();
        assertThat(dev.corsAllowedOrigins()).containsExactly("https://app.example.com", "https://admin.example.com");
        assertThat(dev.alarmEmail()).hasValue("ops@example.com");
        context.put("alarmEmail", "not an address");
        assertThatThrownBy(this::read).hasMessageContaining("alarmEmail");
    }

    @Test
    void aMissingArtifactNamesTheCommandThatBuildsIt() throws IOException {
        context.put("env", "dev");
        Files.delete(repository.resolve(BuildArtifacts.FUNCTIONS_JAR));
        assertThatThrownBy(this::read)
                .hasMessageContaining("the Lambda jar")
                .hasMessageContaining("./mvnw -B -pl functions/aws -am package -DskipTests");
    }

    @Test
    void artifactPathsCanBeOverridden() throws IOException {
        context.put("env", "dev");
        Path jar = Files.write(repository.resolve("custom.jar"), new byte[] {'P', 'K'});
        context.put("functionsJar", jar.toString());
        assertThat(read().artifacts().functionsJar()).isEqualTo(jar);
    }

    @Test
    void theRepositoryRootIsFoundFromAnyDirectoryInsideIt() throws IOException {
        Path deep = Files.createDirectories(repository.resolve("infra-cdk/src/main"));
        assertThat(Deployment.repositoryRoot(deep)).isEqualTo(repository.toAbsolutePath().normalize());
    }
}
