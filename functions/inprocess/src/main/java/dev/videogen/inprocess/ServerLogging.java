package dev.videogen.inprocess;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the embedded servers' start-up chatter (Spring Boot, Tomcat, Pekko, ElasticMQ) at WARN without taking
 * logging away from the application that hosts them.
 *
 * <p>Spring Boot normally re-initialises the logging system of the whole JVM when S3Mock starts: it would reset
 * the host's levels, and it refuses to start at all when the SLF4J provider is not Logback. Setting its
 * {@code LoggingSystem} to {@code none} leaves logging alone; the server loggers are then lowered one by one in
 * whichever provider the host uses. Levels the host configured explicitly win.
 */
final class ServerLogging {

    private static final String SPRING_LOGGING_SYSTEM = "org.springframework.boot.logging.LoggingSystem";

    private static final List<String> SERVER_LOGGERS = List.of(
            "org.springframework",
            "org.apache.catalina",
            "org.apache.coyote",
            "org.apache.tomcat",
            "com.adobe.testing.s3mock",
            "org.elasticmq",
            "org.apache.pekko",
            "scalikejdbc",
            "io.zonky.test.db");

    /** java.util.logging holds loggers weakly: a level set on a collected logger is lost. */
    private static final List<Logger> JUL_LOGGERS = new ArrayList<>();

    private static boolean quietened;

    private ServerLogging() {
    }

    static synchronized void quieten() {
        if (quietened) {
            return;
        }
        quietened = true;
        if (System.getProperty(SPRING_LOGGING_SYSTEM) == null) {
            System.setProperty(SPRING_LOGGING_SYSTEM, "none");
        }
        for (String name : SERVER_LOGGERS) {
            // slf4j-simple reads these when a logger is first created, so they must be in place before the servers load.
            String simpleLoggerKey = "org.slf4j.simpleLogger.log." + name;
            if (System.getProperty(simpleLoggerKey) == null) {
                System.setProperty(simpleLoggerKey, "warn");
            }
            // Tomcat logs through java.util.logging when no bridge is installed.
            Logger julLogger = Logger.getLogger(name);
            if (julLogger.getLevel() == null) {
                julLogger.setLevel(Level.WARNING);
                JUL_LOGGERS.add(julLogger);
            }
        }
        // On every stop Tomcat warns that a Spring task thread was still exiting; it has always finished by then.
        Logger threadLeakCheck = Logger.getLogger("org.apache.catalina.loader.WebappClassLoaderBase");
        threadLeakCheck.setLevel(Level.SEVERE);
        JUL_LOGGERS.add(threadLeakCheck);
        lowerLogbackLevels();
    }

    /** Logback is optional on the host's class path, hence reflection rather than a compile-time dependency. */
    private static void lowerLogbackLevels() {
        if (!LoggerFactory.getILoggerFactory().getClass().getName().startsWith("ch.qos.logback.")) {
            return;
        }
        try {
            ClassLoader loader = LoggerFactory.getILoggerFactory().getClass().getClassLoader();
            Class<?> levelClass = Class.forName("ch.qos.logback.classic.Level", true, loader);
            Object warn = levelClass.getField("WARN").get(null);
            for (String name : SERVER_LOGGERS) {
                Object logger = LoggerFactory.getLogger(name);
                Method getLevel = logger.getClass().getMethod("getLevel");
                if (getLevel.invoke(logger) == null) {
                    logger.getClass().getMethod("setLevel", levelClass).invoke(logger, warn);
                }
            }
        } catch (ReflectiveOperationException | LinkageError e) {
            LoggerFactory.getLogger(ServerLogging.class).debug("could not lower Logback levels of the in-process servers", e);
        }
    }
}
