package dev.videogen.migrations.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class TestDatabaseTest {

    @Test
    void freshDatabasesAreMigratedAndIndependent() throws Exception {
        TestDatabase first = TestDatabase.fresh();
        TestDatabase second = TestDatabase.fresh();

        try (Connection connection = first.connect(); Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO system_metrics (metric_name, metric_type, value) VALUES ('m', 'gauge', 1)");
        }

        assertThat(first.name()).isNotEqualTo(second.name());
        assertThat(countMetrics(first)).isEqualTo(1);
        assertThat(countMetrics(second)).isZero();
    }

    @Test
    void urlUserAndPasswordConnectWithPlainJdbc() throws Exception {
        TestDatabase db = TestDatabase.fresh();

        try (Connection connection = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT current_database(), count(*) FROM videogen_migrations.flyway_schema_history")) {
            rows.next();
            assertThat(rows.getString(1)).isEqualTo(db.name());
            assertThat(rows.getInt(2)).isGreaterThan(20);
        }
        assertThat(db.jdbcUrl()).startsWith("jdbc:postgresql://localhost:").endsWith("/" + db.name());
    }

    @Test
    void emptyDatabaseHasNoSchema() throws Exception {
        TestDatabase db = TestDatabase.empty();

        try (Connection connection = db.dataSource().getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT to_regclass('jobs') IS NULL")) {
            rows.next();
            assertThat(rows.getBoolean(1)).isTrue();
        }
    }

    private static long countMetrics(TestDatabase db) throws Exception {
        try (Connection connection = db.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*) FROM system_metrics")) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
