package dev.videogen.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Templates as the database keeps them: every version kept, row-level security per owner as for jobs, and a job's
 * record of the template version it rendered.
 */
class TemplatesTableTest extends SchemaTestCase {

    private static final String ALICE_TEMPLATE = "tpl_aaaaaaaaaaaaaaaaaaaa";
    private static final String BOB_TEMPLATE = "tpl_bbbbbbbbbbbbbbbbbbbb";

    @BeforeEach
    void seed() {
        template(ALICE_TEMPLATE, "user-a");
        template(BOB_TEMPLATE, "user-b");
    }

    private void template(String id, String owner) {
        sql.exec("INSERT INTO templates (template_id, owner, name) VALUES (?, ?, 'promo')", id, owner);
        sql.exec("INSERT INTO template_versions (template_id, version, name, body, variables) "
                + "VALUES (?, 1, 'promo', '{\"width\": 640}', '{}')", id);
    }

    private void actAs(String role, String claims) {
        sql.exec("SET LOCAL ROLE " + role);
        sql.value("SELECT set_config('request.jwt.claims', ?, true)", claims);
    }

    @Test
    void aSignedInUserReadsOnlyTheirOwnTemplatesAndTheirVersions() {
        actAs("authenticated", "{\"sub\": \"user-a\", \"role\": \"authenticated\"}");

        assertThat(sql.rows("SELECT template_id FROM templates")).extracting(row -> row.get("template_id"))
                .containsExactly(ALICE_TEMPLATE);
        assertThat(sql.rows("SELECT template_id FROM template_versions")).extracting(row -> row.get("template_id"))
                .containsExactly(ALICE_TEMPLATE);
    }

    @Test
    void aSignedInUserCannotWriteTemplatesDirectly() {
        actAs("authenticated", "{\"sub\": \"user-a\", \"role\": \"authenticated\"}");

        assertThatThrownBy(() -> sql.exec("UPDATE templates SET name = 'mine now' WHERE template_id = ?",
                BOB_TEMPLATE)).hasMessageContaining("permission denied");
    }

    @Test
    void anonymousCallersSeeNothing() {
        actAs("anon", "{\"role\": \"anon\"}");

        assertThatThrownBy(() -> sql.rows("SELECT * FROM templates")).hasMessageContaining("permission denied");
    }

    @Test
    void everyVersionIsKeptAndDeletingATemplateRemovesItsVersionsButNotItsJobs() {
        sql.exec("INSERT INTO template_versions (template_id, version, name, body) VALUES (?, 2, 'promo', '{}')",
                ALICE_TEMPLATE);
        sql.exec("UPDATE templates SET version = 2 WHERE template_id = ?", ALICE_TEMPLATE);
        java.util.UUID job = insertJob("completed", "user-a");
        sql.exec("UPDATE jobs SET template_id = ?, template_version = 1 WHERE id = ?", ALICE_TEMPLATE, job);

        assertThat(sql.count("SELECT count(*) FROM template_versions WHERE template_id = ?", ALICE_TEMPLATE))
                .isEqualTo(2);
        sql.exec("DELETE FROM templates WHERE template_id = ?", ALICE_TEMPLATE);

        assertThat(sql.count("SELECT count(*) FROM template_versions WHERE template_id = ?", ALICE_TEMPLATE)).isZero();
        assertThat(sql.value("SELECT template_version FROM jobs WHERE id = ?", job)).isEqualTo(1);
    }

    @Test
    void aMalformedTemplateIdIsRefused() {
        assertThatThrownBy(() -> sql.exec("INSERT INTO templates (template_id, name) VALUES ('tpl_NOPE', 'x')"))
                .hasMessageContaining("templates_template_id_format");
    }

    @Test
    void aTemplateBodyMustBeAnObject() {
        assertThatThrownBy(() -> sql.exec("INSERT INTO template_versions (template_id, version, name, body) "
                + "VALUES (?, 3, 'x', '[1]')", BOB_TEMPLATE)).hasMessageContaining("template_versions_body_object");
    }

    @Test
    void aJobNamingATemplateMustNameItsVersion() {
        java.util.UUID job = insertJob("pending", "user-b");
        assertThatThrownBy(() -> sql.exec("UPDATE jobs SET template_id = ? WHERE id = ?", BOB_TEMPLATE, job))
                .hasMessageContaining("jobs_template_version_check");
    }
}
