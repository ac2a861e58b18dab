package dev.videogen.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens to Postgres's {@code videogen_job_events} channel (a trigger NOTIFYs every visible change of a job) and
 * hands each change to subscribers: the per-job Server-Sent Event streams and the state-change log. One connection,
 * one thread; reconnects when the database restarts.
 */
final class JobEventHub implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JobEventHub.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String CHANNEL = "videogen_job_events";

    /** One change of a job, as the trigger announced it. */
    record JobEvent(String jobId, String status, int progress, String currentStep, String errorCode) {
    }

    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final List<Consumer<JobEvent>> everyJob = new CopyOnWriteArrayList<>();
    private final Map<String, List<Consumer<JobEvent>>> byJob = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean listening;

    JobEventHub(String jdbcUrl, String user, String password) {
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
        this.thread = new Thread(this::listen, "job-event-listener");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Whether the LISTEN is in place (events committed from now on are heard). */
    boolean listening() {
        return listening;
    }

    void subscribeAll(Consumer<JobEvent> subscriber) {
        everyJob.add(subscriber);
    }

    /** Subscribes to one job's changes; returns what unsubscribes. */
    Runnable subscribe(String jobId, Consumer<JobEvent> subscriber) {
        byJob.computeIfAbsent(jobId, id -> new CopyOnWriteArrayList<>()).add(subscriber);
        return () -> byJob.computeIfPresent(jobId, (id, list) -> {
            list.remove(subscriber);
            return list.isEmpty() ? null : list;
        });
    }

    private void listen() {
        while (running) {
            try (Connection connection = DriverManager.getConnection(jdbcUrl, user, password)) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + CHANNEL);
                }
                listening = true;
                PGConnection notifications = connection.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] received = notifications.getNotifications(500);
                    if (received == null) {
                        continue;
                    }
                    for (PGNotification notification : received) {
                        dispatch(notification.getParameter());
                    }
                }
            } catch (SQLException e) {
                listening = false;
                if (running) {
                    LOG.debug("job event listener lost its connection ({}); reconnecting", e.getMessage());
                    pause();
                }
            }
        }
    }

    private void dispatch(String payload) {
        JobEvent event;
        try {
            JsonNode node = JSON.readTree(payload);
            event = new JobEvent(node.path("job_id").asText(), node.path("status").asText(),
                    node.path("progress_percentage").asInt(), node.path("current_step").asText(null),
                    node.path("error_code").asText(null));
        } catch (IOException e) {
            LOG.warn("unreadable job event: {}", payload);
            return;
        }
        for (Consumer<JobEvent> subscriber : everyJob) {
            subscriber.accept(event);
        }
        List<Consumer<JobEvent>> subscribers = byJob.get(event.jobId());
        if (subscribers != null) {
            for (Consumer<JobEvent> subscriber : subscribers) {
                subscriber.accept(event);
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
