package dev.videogen.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.postgresql.util.ServerErrorMessage;

class ElementsTest extends SchemaTestCase {

    @Test
    void addJobElementStoresTheElementWithItsDefaults() {
        UUID job = createJob();

        UUID element = (UUID) sql.value("""
                SELECT add_job_element(p_job_id => ?, p_element_order => 0, p_element_key => 'el_0',
                                       p_type => 'video', p_source_url => 'https://example.com/a.mp4',
                                       p_trim_start => 1.5, p_properties => '{"volume": 0.5}')""", job);

        Map<String, Object> row = sql.row("""
                SELECT job_id, element_key, type::text, track, x_position, y_position, width, height,
                       fit_mode::text, start_time, end_time, trim_start, properties ->> 'volume' AS volume,
                       downloaded, processed
                  FROM elements WHERE id = ?""", element);
        assertThat(row.get("job_id")).isEqualTo(job);
        assertThat(row.get("element_key")).isEqualTo("el_0");
        assertThat(row.get("type")).isEqualTo("video");
        assertThat(row.get("track")).isEqualTo(0);
        assertThat(row.get("x_position")).isEqualTo("0%");
        assertThat(row.get("y_position")).isEqualTo("0%");
        assertThat(row.get("width")).isEqualTo("100%");
        assertThat(row.get("height")).isEqualTo("100%");
        assertThat(row.get("fit_mode")).isEqualTo("auto");
        assertThat((BigDecimal) row.get("start_time")).isEqualByComparingTo("0");
        assertThat(row.get("end_time")).isNull();
        assertThat((BigDecimal) row.get("trim_start")).isEqualByComparingTo("1.5");
        assertThat(row.get("volume")).isEqualTo("0.5");
        assertThat(row.get("downloaded")).isEqualTo(false);
        assertThat(row.get("processed")).isEqualTo(false);
    }

    @Test
    void duplicateElementOrderIsRefused() {
        UUID job = createJob();
        sql.value("SELECT add_job_element(?, 0, 'el_0', 'image', 'https://example.com/a.png')", job);

        ServerErrorMessage error = sql.error("SELECT add_job_element(?, 0, 'el_1', 'image', 'https://example.com/b.png')", job);

        assertThat(error.getSQLState()).isEqualTo("23505");
        assertThat(error.getMessage())
                .isEqualTo("duplicate key value violates unique constraint \"elements_job_id_element_order_key\"");
        assertThat(error.getDetail()).isEqualTo("Key (job_id, element_order)=(" + job + ", 0) already exists.");
    }

    @Test
    void duplicateElementKeyIsRefused() {
        UUID job = createJob();
        sql.value("SELECT add_job_element(?, 0, 'intro', 'image', 'https://example.com/a.png')", job);

        ServerErrorMessage error = sql.error("SELECT add_job_element(?, 1, 'intro', 'image', 'https://example.com/b.png')", job);

        assertThat(error.getMessage())
                .isEqualTo("duplicate key value violates unique constraint \"elements_job_id_element_key_key\"");
    }

    @Test
    void theSameOrderMayBeUsedByAnotherJob() {
        UUID first = createJob();
        UUID second = createJob();
        sql.value("SELECT add_job_element(?, 0, 'el_0', 'audio', 'https://example.com/a.mp3')", first);

        sql.value("SELECT add_job_element(?, 0, 'el_0', 'audio', 'https://example.com/a.mp3')", second);

        assertThat(sql.count("SELECT count(*) FROM elements WHERE element_order = 0 AND job_id IN (?, ?)", first, second))
                .isEqualTo(2);
    }

    @Test
    void mediaElementWithoutSourceIsRefused() {
        UUID job = createJob();

        ServerErrorMessage error = sql.error("SELECT add_job_element(?, 0, 'el_0', 'video')", job);

        assertThat(error.getMessage())
                .isEqualTo("new row for relation \"elements\" violates check constraint \"elements_source_required\"");
    }

    @Test
    void textElementNeedsTextButNoSource() {
        UUID job = createJob();

        ServerErrorMessage error = sql.error("SELECT add_job_element(?, 0, 'el_0', 'text')", job);
        UUID text = (UUID) sql.value("SELECT add_job_element(?, 0, 'el_0', 'text', p_text_content => 'Hello')", job);

        assertThat(error.getMessage())
                .isEqualTo("new row for relation \"elements\" violates check constraint \"elements_text_required\"");
        assertThat(sql.text("SELECT text_content FROM elements WHERE id = ?", text)).isEqualTo("Hello");
    }

    @Test
    void negativeOrderAndTrackAreRefused() {
        UUID job = createJob();

        assertThat(sql.error("SELECT add_job_element(?, -1, 'el_0', 'image', 'https://example.com/a.png')", job).getMessage())
                .isEqualTo("new row for relation \"elements\" violates check constraint \"elements_element_order_check\"");
        assertThat(sql.error("SELECT add_job_element(?, 0, 'el_0', 'image', 'https://example.com/a.png', p_track => -2)", job)
                .getMessage())
                .isEqualTo("new row for relation \"elements\" violates check constraint \"elements_track_check\"");
    }

    @Test
    void elementEndingBeforeItStartsIsRefused() {
        UUID job = createJob();

        ServerErrorMessage error = sql.error(
                "SELECT add_job_element(?, 0, 'el_0', 'image', 'https://example.com/a.png', p_start_time => 5, p_end_time => 4)",
                job);

        assertThat(error.getMessage())
                .isEqualTo("new row for relation \"elements\" violates check constraint \"elements_end_after_start\"");
    }

    @Test
    void trimEndMustComeAfterTrimStart() {
        UUID job = createJob();

        ServerErrorMessage error = sql.error(
                "SELECT add_job_element(?, 0, 'el_0', 'video', 'https://example.com/a.mp4', p_trim_start => 3, p_trim_end => 3)",
                job);

        assertThat(error.getMessage())
                .isEqualTo("new row for relation \"elements\" violates check constraint \"elements_trim_end_after_trim_start\"");
    }

    @Test
    void elementForAnUnknownJobIsRefused() {
        UUID unknown = UUID.fromString("00000000-0000-4000-8000-000000000001");

        ServerErrorMessage error = sql.error("SELECT add_job_element(?, 0, 'el_0', 'image', 'https://example.com/a.png')", unknown);

        assertThat(error.getSQLState()).isEqualTo("P0002");
        assertThat(error.getMessage()).isEqualTo("job " + unknown + " does not exist");
    }
}
