package dev.videogen.jobs.templates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.videogen.engine.validation.FieldProblem;
import dev.videogen.engine.validation.InvalidRequestException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Substitution case by case: types kept or turned to text, defaults, and every problem naming merge.<name>. */
class TemplateSubstitutionTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final TemplateDefinition PROMO = TemplateDefinition.parse(json("""
            {"name": "promo",
             "template": {"width": "{{width}}", "height": 360, "duration": 2,
                          "elements": [{"type": "image", "source": "{{logo}}", "opacity": "{{opacity}}"},
                                       {"type": "text", "text": "Hello {{who}}, {{width}} wide", "color": "{{ink}}"}]},
             "variables": {"width": {"type": "number", "default": 640},
                           "logo": {"type": "url"},
                           "opacity": {"type": "number", "default": 1},
                           "who": {"type": "string", "default": "world"},
                           "ink": {"type": "color", "default": "#FFFFFF"}}}"""));

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static TemplateSubstitution.Result apply(String request) {
        return TemplateSubstitution.apply(PROMO.template(), PROMO.variables(), json(request));
    }

    private static List<FieldProblem> problems(String request) {
        try {
            apply(request);
        } catch (InvalidRequestException e) {
            return e.problems();
        }
        throw new AssertionError("no problem found in " + request);
    }

    @Test
    void aStringThatIsExactlyOnePlaceholderTakesTheValuesType() {
        JsonNode body = apply("{\"template_id\": \"tpl_x\", \"merge\": {\"logo\": \"https://cdn.example.com/l.png\","
                + " \"width\": 1280, \"opacity\": 0.5}}").body();

        assertThat(body.get("width").isInt()).isTrue();
        assertThat(body.get("width").intValue()).isEqualTo(1280);
        assertThat(body.at("/elements/0/opacity").doubleValue()).isEqualTo(0.5);
        assertThat(body.at("/elements/0/source").textValue()).isEqualTo("https://cdn.example.com/l.png");
    }

    @Test
    void aPlaceholderInsideTextIsReplacedByTheValuesText() {
        JsonNode body = apply("{\"merge\": {\"logo\": \"s3://bucket/inputs/a.png\", \"who\": \"Ada\"}}").body();

        assertThat(body.at("/elements/1/text").textValue()).isEqualTo("Hello Ada, 640 wide");
    }

    @Test
    void defaultsFillWhatMergeLeavesOut() {
        JsonNode body = apply("{\"merge\": {\"logo\": \"https://cdn.example.com/l.png\"}}").body();

        assertThat(body.get("width").intValue()).isEqualTo(640);
        assertThat(body.at("/elements/1/color").textValue()).isEqualTo("#FFFFFF");
        assertThat(body.has("merge")).isFalse();
        assertThat(body.has("template_id")).isFalse();
    }

    @Test
    void topLevelFieldsOfTheRequestOverrideTheTemplates() {
        TemplateSubstitution.Result result = apply("{\"merge\": {\"logo\": \"https://cdn.example.com/l.png\"},"
                + " \"width\": 320, \"output_format\": \"webm\"}");

        assertThat(result.body().get("width").intValue()).isEqualTo(320);
        assertThat(result.body().get("output_format").textValue()).isEqualTo("webm");
        assertThat(result.fieldVariables()).doesNotContainKey("width");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            {"merge": {}}                                                          | merge.logo    | is required
            {"merge": {"logo": "https://a.example/l.png", "colour": "#000000"}}    | merge.colour  | not a variable
            {"merge": {"logo": 42}}                                                | merge.logo    | URL
            {"merge": {"logo": "ftp://a.example/l.png"}}                           | merge.logo    | URL
            {"merge": {"logo": "https://a.example/l.png", "width": "wide"}}        | merge.width   | number
            {"merge": {"logo": "https://a.example/l.png", "ink": "red"}}           | merge.ink     | colour
            {"merge": {"logo": "https://a.example/l.png", "who": 7}}               | merge.who     | string
            {"merge": [1]}                                                         | merge         | object
            """)
    void everyProblemOfTheValuesNamesTheMergeField(String request, String field, String words) {
        assertThat(problems(request)).anySatisfy(problem -> {
            assertThat(problem.field()).isEqualTo(field);
            assertThat(problem.message()).containsIgnoringCase(words);
        });
    }

    @Test
    void allProblemsAreReportedAtOnce() {
        assertThat(problems("{\"merge\": {\"width\": \"x\", \"nope\": 1}}")).extracting(FieldProblem::field)
                .containsExactlyInAnyOrder("merge.width", "merge.nope", "merge.logo");
    }

    @Test
    void aProblemFoundLaterInAFieldAVariableFilledNamesThatVariable() {
        TemplateSubstitution.Result result = apply("{\"merge\": {\"logo\": \"s3://elsewhere/x.png\"}}");

        List<FieldProblem> blamed = result.blame(List.of(
                new FieldProblem("elements[0].source", "must be an object of the service's own bucket"),
                new FieldProblem("elements[1].text", "is too long"),
                new FieldProblem("height", "must be even")));

        assertThat(blamed).extracting(FieldProblem::field).containsExactly("merge.logo", "merge.who", "height");
        assertThat(blamed.get(0).message()).contains("own bucket").contains("elements[0].source");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            {"name": "x", "template": {"elements": [{"text": "{{title}}"}]}}                          | variables.title
            {"name": "x", "template": {}, "variables": {"n": {"type": "date"}}}                       | variables.n.type
            {"name": "x", "template": {}, "variables": {"n": {"type": "number", "default": "1"}}}     | variables.n.default
            {"name": "x", "template": {}, "variables": {"9n": {"type": "number"}}}                    | variables.9n
            {"name": "", "template": {}}                                                              | name
            {"name": "x", "template": [1]}                                                            | template
            {"name": "x", "template": {"merge": {}}}                                                  | template.merge
            {"name": "x", "template": {}, "extra": 1}                                                 | extra
            """)
    void aTemplateThatCannotBeUsedIsRefusedNamingTheField(String definition, String field) {
        assertThatThrownBy(() -> TemplateDefinition.parse(json(definition)))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.problems())
                        .extracting(FieldProblem::field).contains(field));
    }
}
