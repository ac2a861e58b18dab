package dev.videogen.jobs.templates;

import static dev.videogen.jobs.JobFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.videogen.engine.validation.FieldProblem;
import dev.videogen.engine.validation.InvalidRequestException;
import dev.videogen.jobs.api.ApiResponse;
import dev.videogen.jobs.api.Caller;
import dev.videogen.jobs.api.TemplatesResource;
import dev.videogen.jobs.db.Database;
import dev.videogen.migrations.testing.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Templates stored in PostgreSQL through the resource: versions, ownership, and their use by a request. */
class TemplatesOverTheDatabaseTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Caller ALICE = new Caller("alice", "api_key");
    private static final Caller BOB = new Caller("bob", "api_key");
    private static final String PROMO = """
            {"name": "promo",
             "template": {"width": 320, "height": 180, "duration": 2,
                          "elements": [{"type": "image", "source": "{{logo}}"},
                                       {"type": "text", "text": "{{title}}"}]},
             "variables": {"logo": {"type": "url"}, "title": {"type": "string", "default": "Sale"}}}""";

    private static TemplateRepository repository;
    private static TemplatesResource resource;

    @BeforeAll
    static void database() {
        repository = new TemplateRepository(Database.of(TestDatabase.fresh().dataSource()));
        resource = new TemplatesResource(repository);
    }

    private static JsonNode read(String text) throws Exception {
        return JSON.readTree(text);
    }

    private static String create(Caller caller, String definition) throws Exception {
        ApiResponse created = resource.create(caller, read(definition));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return json(created).get("template_id").asText();
    }

    @Test
    void aSavedTemplateIsReadBackListedAndReplacedAsANewVersion() throws Exception {
        String id = create(ALICE, PROMO);

        JsonNode first = json(resource.read(ALICE, id));
        assertThat(first.get("version").asInt()).isEqualTo(1);
        assertThat(first.at("/variables/title/default").asText()).isEqualTo("Sale");
        assertThat(json(resource.list(ALICE)).get("templates")).anySatisfy(item ->
                assertThat(item.get("template_id").asText()).isEqualTo(id));

        ApiResponse replaced = resource.replace(ALICE, id, read(PROMO.replace("\"Sale\"", "\"Clearance\"")));

        assertThat(replaced.status()).isEqualTo(200);
        assertThat(json(replaced).get("version").asInt()).isEqualTo(2);
        assertThat(repository.find(id, 1).orElseThrow().definition().variables().get("title").defaultValue().asText())
                .as("the old version is kept").isEqualTo("Sale");
    }

    @Test
    void anotherOwnersTemplateReadsAsUnknownToEveryVerb() throws Exception {
        String id = create(ALICE, PROMO);

        assertThat(resource.read(BOB, id).status()).isEqualTo(404);
        assertThat(resource.replace(BOB, id, read(PROMO)).status()).isEqualTo(404);
        assertThat(resource.delete(BOB, id).status()).isEqualTo(404);
        assertThat(json(resource.list(BOB)).get("templates")).noneSatisfy(item ->
                assertThat(item.get("template_id").asText()).isEqualTo(id));
        assertThat(resource.read(ALICE, id).status()).isEqualTo(200);
    }

    @Test
    void aDeletedTemplateIsGone() throws Exception {
        String id = create(ALICE, PROMO);

        assertThat(resource.delete(ALICE, id).status()).isEqualTo(204);

        assertThat(resource.read(ALICE, id).status()).isEqualTo(404);
        assertThat(resource.delete(ALICE, id).status()).isEqualTo(404);
    }

    @Test
    void aTemplateThatUsesAnUndeclaredVariableIsRefusedNamingIt() throws Exception {
        ApiResponse refused = resource.create(ALICE, read(PROMO.replace("{{title}}", "{{headline}}")));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(json(refused).get("details").findValuesAsText("field")).contains("variables.headline");
    }

    @Test
    void aRequestNamingATemplateExpandsToTheCurrentVersionWithItsValues() throws Exception {
        String id = create(ALICE, PROMO);
        TemplateExpansion expansion = new TemplateExpansion(repository);

        TemplateExpansion.Expanded expanded = expansion.expand(read("{\"template_id\": \"" + id + "\","
                + " \"merge\": {\"logo\": \"https://cdn.example.com/logo.png\"}}"), ALICE::owns);

        assertThat(expanded.template().version()).isEqualTo(1);
        assertThat(expanded.body().at("/elements/0/source").asText()).isEqualTo("https://cdn.example.com/logo.png");
        assertThat(expanded.body().at("/elements/1/text").asText()).isEqualTo("Sale");
        assertThat(expanded.blame(java.util.List.of(new FieldProblem("elements[0].source", "refused"))))
                .extracting(FieldProblem::field).containsExactly("merge.logo");
    }

    @Test
    void anotherOwnersOrAnUnknownTemplateIsAProblemOfTemplateId() throws Exception {
        String id = create(ALICE, PROMO);
        TemplateExpansion expansion = new TemplateExpansion(repository);

        for (String request : new String[] {"{\"template_id\": \"" + id + "\"}", "{\"template_id\": \"tpl_x\"}",
                "{\"template_id\": \"tpl_aaaaaaaaaaaaaaaaaaaa\"}"}) {
            assertThatThrownBy(() -> expansion.expand(read(request), BOB::owns))
                    .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.problems())
                            .extracting(FieldProblem::field).containsExactly("template_id"));
        }
    }
}
