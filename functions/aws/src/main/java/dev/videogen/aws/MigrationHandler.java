package dev.videogen.aws;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.videogen.migrations.DatabaseMigrator;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deploy-time migration step (a CloudFormation custom resource through the CDK provider): on Create and Update
 * it applies the Flyway migrations to the environment's database; on Delete it leaves the database alone. A failure
 * throws, which fails the deployment and rolls it back.
 *
 * <p>It connects through a session ({@link DatabaseCredentials#forMigrations}), not the transaction pooler the other
 * functions use: Flyway holds a lock and session state for its whole run.
 */
public final class MigrationHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    private static final Logger LOG = LoggerFactory.getLogger(MigrationHandler.class);
    static final String PHYSICAL_ID = "videogen-database-migrations";

    private final Map<String, String> environment;
    private final Function<String, String> readSecret;

    /** The handler Lambda instantiates, configured from {@code System.getenv()} and Secrets Manager. */
    public MigrationHandler() {
        this(System.getenv(), SecretValues::read);
    }

    MigrationHandler(Map<String, String> environment, Function<String, String> readSecret) {
        this.environment = Map.copyOf(environment);
        this.readSecret = readSecret;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        String requestType = String.valueOf(event.get("RequestType"));
        Map<String, Object> response = new HashMap<>();
        response.put("PhysicalResourceId", PHYSICAL_ID);
        if ("Delete".equals(requestType)) {
            LOG.info("stack deletion: the database and its schema are kept");
            return response;
        }
        DatabaseCredentials credentials = DatabaseCredentials.forMigrations(environment, readSecret);
        var report = DatabaseMigrator.migrate(credentials.url(), credentials.user(), credentials.password());
        LOG.info("migrations applied: {}", report);
        response.put("Data", Map.of("Report", String.valueOf(report)));
        return response;
    }
}
