package dev.videogen.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.cxapi.SynthesisMessage;

/**
 * cdk-nag's AwsSolutions pack over every environment's stacks: no finding may stand unless it is suppressed, with its
 * reason, next to the resource it excuses. An unsuppressed error stops synthesis itself (as it stops {@code cdk
 * synth}); the findings are then read from the validation report it leaves.
 */
class AwsSolutionsChecksIT {

    // the assertions library still hands warnings out as cxapi messages
    @SuppressWarnings("deprecation")
    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void everyFindingIsFixedOrSuppressedWithItsReason(String environment) throws IOException {
        Path outdir = Path.of("target", "cdk-nag", environment).toAbsolutePath();
        Files.deleteIfExists(outdir.resolve("validation-report.json"));
        App app = new App(AppProps.builder()
                .context(Synthesis.cdkJsonContext())
                .outdir(outdir.toString())
                .build());
        Deployment deployment = Deployment.fromContext(Synthesis.contextFor(environment)::get, Path.of(""));
        VideogenApp.StackSet stacks = VideogenApp.defineStacks(app, deployment, null);
        VideogenApp.checkAgainstAwsSolutions(app);

        List<String> findings = new ArrayList<>();
        try {
            for (Stack stack : List.of(stacks.storage(), stacks.service())) {
                Annotations annotations = Annotations.fromStack(stack);
                for (SynthesisMessage message : annotations.findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*"))) {
                    findings.add("warning " + message.getId() + ": " + message.getEntry().getData());
                }
                for (SynthesisMessage message : annotations.findError("*", Match.stringLikeRegexp("AwsSolutions-.*"))) {
                    findings.add("error " + message.getId() + ": " + message.getEntry().getData());
                }
            }
        } catch (RuntimeException e) {
            findings.addAll(reported(outdir.resolve("validation-report.json")));
            if (findings.isEmpty()) {
                throw e;
            }
        }
        assertThat(findings).as("unsuppressed AwsSolutions findings in " + environment).isEmpty();
    }

    private static List<String> reported(Path report) throws IOException {
        List<String> findings = new ArrayList<>();
        if (!Files.exists(report)) {
            return findings;
        }
        JsonNode root = Synthesis.JSON.readTree(report.toFile());
        for (JsonNode plugin : root.path("pluginReports")) {
            for (JsonNode violation : plugin.path("violations")) {
                String rule = violation.path("description").asText().split("\n")[0];
                for (JsonNode construct : violation.path("violatingConstructs")) {
                    findings.add(construct.path("constructPath").asText() + " " + rule);
                }
            }
        }
        return findings;
    }
}
