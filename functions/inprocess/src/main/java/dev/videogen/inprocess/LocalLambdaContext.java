package dev.videogen.inprocess;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Context} Lambda would hand a handler, for one invocation outside Lambda: a fresh request id, a
 * remaining time counting down from the function timeout, and a logger writing to SLF4J under
 * {@code lambda.<function name>}. Create one per invocation.
 */
public final class LocalLambdaContext implements Context {

    private static final String ACCOUNT_ID = "000000000000";

    private final String functionName;
    private final String region;
    private final int memoryLimitMb;
    private final long deadlineNanos;
    private final String awsRequestId = UUID.randomUUID().toString();
    private final LambdaLogger logger;

    /**
     * A context whose remaining time starts at {@code timeout} now.
     *
     * @param functionName  the function's name, as in {@code videogen-render}
     * @param region        the region in the function's ARN
     * @param memoryLimitMb the memory the function is configured with
     * @param timeout       the function timeout
     */
    public LocalLambdaContext(String functionName, String region, int memoryLimitMb, Duration timeout) {
        this.functionName = Objects.requireNonNull(functionName, "functionName");
        this.region = Objects.requireNonNull(region, "region");
        if (memoryLimitMb < 128) {
            throw new IllegalArgumentException("memoryLimitMb must be at least 128, was " + memoryLimitMb);
        }
        this.memoryLimitMb = memoryLimitMb;
        this.deadlineNanos = System.nanoTime() + timeout.toNanos();
        this.logger = new Slf4jLambdaLogger(LoggerFactory.getLogger("lambda." + functionName));
    }

    @Override
    public String getAwsRequestId() {
        return awsRequestId;
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/" + functionName;
    }

    @Override
    public String getLogStreamName() {
        return LocalDate.now() + "/[$LATEST]local";
    }

    @Override
    public String getFunctionName() {
        return functionName;
    }

    @Override
    public String getFunctionVersion() {
        return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
        return "arn:aws:lambda:" + region + ":" + ACCOUNT_ID + ":function:" + functionName;
    }

    @Override
    public CognitoIdentity getIdentity() {
        return null;
    }

    @Override
    public ClientContext getClientContext() {
        return null;
    }

    @Override
    public int getRemainingTimeInMillis() {
        long remaining = Duration.ofNanos(deadlineNanos - System.nanoTime()).toMillis();
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, remaining));
    }

    @Override
    public int getMemoryLimitInMB() {
        return memoryLimitMb;
    }

    @Override
    public LambdaLogger getLogger() {
        return logger;
    }

    private record Slf4jLambdaLogger(Logger logger) implements LambdaLogger {

        @Override
        public void log(String message) {
            log(message, LogLevel.INFO);
        }

        @Override
        public void log(byte[] message) {
            log(new String(message, StandardCharsets.UTF_8), LogLevel.INFO);
        }

        @Override
        public void log(String message, LogLevel level) {
            // Lambda's logger takes lines with their newline; SLF4J adds its own.
            String line = message == null ? "null" : message.stripTrailing();
            switch (level) {
                case TRACE -> logger.trace(line);
                case DEBUG -> logger.debug(line);
                case WARN -> logger.warn(line);
                case ERROR, FATAL -> logger.error(line);
                default -> logger.info(line);
            }
        }

        @Override
        public void log(byte[] message, LogLevel level) {
            log(new String(message, StandardCharsets.UTF_8), level);
        }
    }
}
